"""Pages of the decisions app, inside a community (/c/<slug>/…)."""

from django.urls import path

from .views import log, proposal, roles

app_name = "decisions"

c = "c/<slug:slug>/"
d = c + "decisions/"
p = d + "<int:proposal_id>/"
g = c + "g/<slug:group_slug>/"
r = g + "roles/<int:role_id>/"

urlpatterns = [
    # Decisions of the community, and of one group
    path(d, log.community_log, name="log"),
    path(d + "summary/", log.community_summary, name="summary"),
    path(d + "new/", log.new_proposal, name="new"),
    path(d + "settings/", log.defaults, name="defaults"),
    path(g + "decisions/", log.group_log, name="group_log"),
    path(g + "decisions/summary/", log.group_summary, name="group_summary"),
    # One proposal
    path(p, proposal.proposal_page, name="proposal"),
    path(p + "position/", proposal.position, name="position"),
    path(p + "advice/", proposal.advice, name="advice"),
    path(p + "ask/", proposal.ask, name="ask"),
    path(p + "amend/", proposal.amend, name="amend"),
    path(p + "close/", proposal.close, name="close"),
    path(p + "withdraw/", proposal.withdraw, name="withdraw"),
    path(p + "review/", proposal.review, name="review"),
    path(p + "ask-candidate/", proposal.ask_candidate, name="ask_candidate"),
    # A group's roles and selection by consent
    path(g + "roles/", roles.roles, name="roles"),
    path(r, roles.role_page, name="role"),
    path(r + "edit/", roles.edit_role, name="role_edit"),
    path(r + "nominate/", roles.nominate, name="nominate"),
    path(r + "propose/", roles.propose, name="propose_candidate"),
    path(r + "step/", roles.step, name="selection_step"),
]
