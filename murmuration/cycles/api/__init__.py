"""The cycles app's API routers: commitments and reviews, retrospectives, growth and health."""

from .commitments import router as commitments_router
from .growth import router as growth_router
from .retros import router as retros_router

__all__ = ["commitments_router", "growth_router", "retros_router"]
