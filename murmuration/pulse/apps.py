from django.apps import AppConfig


class PulseConfig(AppConfig):
    """Pictures of a community's scale, tempo and health, with the figures behind them."""

    name = "murmuration.pulse"
    label = "pulse"
