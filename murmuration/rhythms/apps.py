from django.apps import AppConfig


class RhythmsConfig(AppConfig):
    """Rhythms, their sessions, practices and calendars."""

    name = "murmuration.rhythms"
    label = "rhythms"
