"""The sensing part of /api/v1/: signals and patterns, and experiments."""

from ninja import Router

from . import experiments, signals

router = Router()
router.add_router("", signals.router)
router.add_router("", experiments.router)
