from django.apps import AppConfig


class CyclesConfig(AppConfig):
    """Time-limited commitments, retrospectives, review gates and growth by seeding."""

    name = "murmuration.cycles"
    label = "cycles"

    def ready(self) -> None:
        # Registers the cycles' sections of the community archive (commitments, lineage).
        from murmuration.ops import archive_cycles  # noqa: F401
