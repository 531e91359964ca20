"""The demo's decisions: every kind in every state, purposes changed by proposals, roles."""

from django.utils import timezone

from murmuration.communities.models import PurposeVersion
from murmuration.decisions import queries
from murmuration.decisions.models import GroupRole, Proposal, RoleTerm, Selection
from murmuration.ops import demo


def test_the_demo_has_decisions_of_every_kind_in_every_state_and_roles_with_terms(db):
    community = demo.load_demo(demo.DEFAULT_SEED)
    states = set(Proposal.objects.filter(community=community).values_list("kind", "status"))
    assert states >= {
        ("advice", "open"),
        ("advice", "adopted"),
        ("advice", "withdrawn"),
        ("consent", "open"),
        ("consent", "adopted"),
        ("consent", "withdrawn"),
        ("vote", "open"),
        ("vote", "adopted"),
        ("vote", "rejected"),
        ("vote", "withdrawn"),
    }
    assert Proposal.objects.filter(round__gt=1, status="open").exists()  # amended after objection
    today = timezone.localdate()
    assert queries.due_reviews(today, community_id=community.pk).exists()

    # Every purpose version after the first was made by an adopted proposal.
    later = PurposeVersion.objects.filter(community=community, number__gt=1)
    assert later.count() >= 3
    assert all(v.proposal and v.proposal.status == "adopted" for v in later)

    roles = {r.name: r for r in GroupRole.objects.filter(group__community=community)}
    assert RoleTerm.objects.filter(role=roles["Facilitator"]).count() == 2
    assert list(queries.terms_ending(today)) == [RoleTerm.objects.get(role=roles["Tool steward"])]
    phases = set(Selection.objects.values_list("role__name", "phase"))
    assert {("Treasurer", "nominating"), ("Timekeeper", "consenting")} <= phases
    # The demo member has nominated someone privately and has an advice process running.
    member_nominated = Selection.objects.get(role=roles["Treasurer"]).nominations.filter(
        nominator__email=demo.MEMBER_EMAIL
    )
    assert member_nominated.exists()
    assert Proposal.objects.filter(
        author__email=demo.MEMBER_EMAIL, kind="advice", status="open"
    ).exists()
