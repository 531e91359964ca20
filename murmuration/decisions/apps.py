from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    """Proposals (advice, consent, vote), the decision log, purpose changes and roles."""

    name = "murmuration.decisions"
    label = "decisions"
