"""Pages of the cycles app, inside a community (/c/<slug>/…)."""

from django.urls import path

from .views import commitments, growth, retros

app_name = "cycles"

c = "c/<slug:slug>/"
g = c + "g/<slug:group_slug>/"
k = g + "cycles/<int:commitment_id>/"
r = g + "sessions/<int:session_id>/retro/"

urlpatterns = [
    path(c + "lineage/", growth.lineage, name="lineage"),
    path(c + "health/", growth.health, name="health"),
    # A group's commitments
    path(g + "cycles/", commitments.group_page, name="group"),
    path(g + "cycles/summary/", commitments.summary, name="group_summary"),
    path(g + "cycles/new/", commitments.propose, name="propose"),
    path(k, commitments.detail, name="commitment"),
    path(k + "membership/", commitments.membership, name="membership"),
    path(k + "begin/", commitments.begin, name="begin"),
    path(k + "review/", commitments.review, name="review"),
    path(k + "renew/", commitments.renew, name="renew"),
    path(k + "close/", commitments.close, name="close"),
    path(g + "split/", growth.split, name="split"),
    # Retrospectives
    path(g + "sessions/<int:session_id>/cycle/", growth.session_panel, name="session_panel"),
    path(g + "sessions/<int:session_id>/retro/start/", retros.start, name="retro_start"),
    path(r, retros.retro_page, name="retro"),
    path(r + "items/", retros.add_item, name="retro_item"),
    path(r + "items/remove/", retros.remove_item, name="retro_remove"),
    path(r + "items/group/", retros.group_item, name="retro_group"),
    path(r + "votes/", retros.vote, name="retro_vote"),
    path(r + "phase/", retros.phase, name="retro_phase"),
    path(r + "settings/", retros.settings, name="retro_settings"),
    path(r + "actions/", retros.add_action, name="retro_action"),
    path(g + "actions/<int:action_id>/done/", retros.action_done, name="action_done"),
]
