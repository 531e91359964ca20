from django.apps import AppConfig


class CyclesConfig(AppConfig):
    """Time-limited commitments, retrospectives, review gates and growth by seeding."""

    name = "murmuration.cycles"
    label = "cycles"
