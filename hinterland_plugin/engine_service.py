"""Transitional re-exports (to be removed before this change lands): the engine now belongs to the Processing
provider, transforms live in ``crs``, translated errors in ``messages``, Processing helpers in
``processing_provider.adapter``."""
from __future__ import annotations

from .crs import albers_crs, geometry_to_albers, point_transformer, warm_up
from .messages import user_message

__all__ = ["albers_crs", "geometry_to_albers", "point_transformer", "translate_message", "user_message", "warm_up"]


def translate_message(message):
    """An exception (translated by code) or a text (returned as it is)."""
    return user_message(message) if isinstance(message, Exception) else str(message)
