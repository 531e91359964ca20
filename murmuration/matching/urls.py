"""Pages of pod-calling rounds, inside a community (/c/<slug>/rounds/…)."""

from django.urls import path

from .views import entry, home, review, rounds

app_name = "matching"

c = "c/<slug:slug>/rounds/"
r = c + "<int:round_id>/"

urlpatterns = [
    path(c, rounds.round_list, name="rounds"),
    path(c + "new/", rounds.create, name="round_new"),
    path(r, rounds.detail, name="round"),
    path(r + "cancel/", rounds.cancel, name="round_cancel"),
    path(r + "entry/", entry.entry, name="entry"),
    path(r + "entry/withdraw/", entry.withdraw, name="withdraw"),
    path(r + "review/", review.review, name="review"),
    path(r + "review/propose/", review.propose, name="propose"),
    path(r + "review/preview/", review.preview, name="preview"),
    path(r + "review/move/", review.move, name="move"),
    path(r + "review/publish/", review.publish, name="publish"),
    path("me/rounds/", home.my_rounds, name="my_rounds"),
]
