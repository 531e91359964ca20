from django.apps import AppConfig


class MatchingConfig(AppConfig):
    """The pod formation engine and pod-calling rounds."""

    name = "murmuration.matching"
    label = "matching"
