from django.apps import AppConfig


class SensingConfig(AppConfig):
    """Signals from every member, the patterns they form, and experiments that act on them."""

    name = "murmuration.sensing"
    label = "sensing"
