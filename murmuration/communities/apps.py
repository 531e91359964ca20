from django.apps import AppConfig


class CommunitiesConfig(AppConfig):
    name = "murmuration.communities"
    label = "communities"
