from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running the whole system: serving, demo data, export and import."""

    name = "murmuration.ops"
    label = "ops"
