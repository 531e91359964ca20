from django.urls import path

from . import views

app_name = "pulse"

c = "c/<slug:slug>/"
g = c + "g/<slug:group_slug>/"

urlpatterns = [
    path(c + "pulse/", views.community, name="community"),
    path(c + "pulse/<slug:key>.csv", views.community_csv, name="community_csv"),
    path(g + "pulse/", views.group, name="group"),
    path(g + "pulse/<slug:key>.csv", views.group_csv, name="group_csv"),
    path("me/pulse/", views.my_pulse, name="mine"),
    path("me/pulse/<slug:key>.csv", views.my_csv, name="my_csv"),
]
