"""One module per Processing algorithm; ``ALGORITHMS`` lists them for the provider."""
from .strategic_layers import StrategicLayersAlgorithm

ALGORITHMS = (StrategicLayersAlgorithm,)
