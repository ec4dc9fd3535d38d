"""One module per Processing algorithm; ``ALGORITHMS`` lists them for the provider."""
from .backup_reach import BackupReachAlgorithm
from .coverage import CoverageAlgorithm
from .frictionsurface import FrictionSurfaceAlgorithm
from .gateways import GatewayHinterlandAlgorithm
from .hazardensemble import HazardEnsembleAlgorithm
from .isochrones import IsochronesAlgorithm
from .monitor import MonitorAlgorithm
from .odmatrix import OdMatrixAlgorithm
from .population import PopulationAlgorithm
from .report import ReportAlgorithm
from .scenarios import CorridorDisruptionAlgorithm, CriticalityAlgorithm, EarlyWarningAlgorithm
from .siting import BackupSitingAlgorithm
from .strategic_layers import StrategicLayersAlgorithm
from .traveltime import TravelTimeAlgorithm

ALGORITHMS = (StrategicLayersAlgorithm, FrictionSurfaceAlgorithm, TravelTimeAlgorithm, IsochronesAlgorithm,
              OdMatrixAlgorithm, CoverageAlgorithm, ReportAlgorithm, CorridorDisruptionAlgorithm,
              CriticalityAlgorithm, BackupSitingAlgorithm, EarlyWarningAlgorithm, PopulationAlgorithm, HazardEnsembleAlgorithm,
              GatewayHinterlandAlgorithm, MonitorAlgorithm, BackupReachAlgorithm)
