"""Pure-Python science and data logic of Hinterland.

Nothing below this package may import ``qgis``: it is tested with plain pytest
(``tests/core``) and a test walks every module to enforce it.
"""
