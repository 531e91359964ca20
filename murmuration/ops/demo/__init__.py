"""Demo data: a lived-in community to explore, loaded with `murmur demo`."""

from .load import DEFAULT_SEED, DEMO_PASSWORD, DemoExists, load_demo, reset_hint, step_count
from .people import HOST_EMAIL, MEMBER_EMAIL
from .story import COMMUNITY_NAME, COMMUNITY_SLUG

__all__ = [
    "COMMUNITY_NAME",
    "COMMUNITY_SLUG",
    "DEFAULT_SEED",
    "DEMO_PASSWORD",
    "HOST_EMAIL",
    "MEMBER_EMAIL",
    "DemoExists",
    "load_demo",
    "reset_hint",
    "step_count",
]
