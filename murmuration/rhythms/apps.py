from django.apps import AppConfig


class RhythmsConfig(AppConfig):
    """Rhythms, their sessions, practices and calendars."""

    name = "murmuration.rhythms"
    label = "rhythms"

    def ready(self) -> None:
        # Registers the rhythms' sections of the community archive (practices, rhythms).
        from murmuration.ops import archive_rhythms  # noqa: F401
