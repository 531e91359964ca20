"""The decisions API: access for every persona, the same rules as the web, and bad input."""

from datetime import timedelta

from murmuration.decisions import actions
from murmuration.decisions.models import Position, Proposal
from tests.api.conftest import COMMUNITY, access, api_for

from .conftest import NOW, people, propose

P = COMMUNITY + "/proposals"


@access(anonymous=401, outsider=404, member=200, group_member=200, host=200)
def test_it_lists_the_proposals_a_member_may_see(world, places, persona, status):
    response = api_for(world, persona).get(P)
    assert response.status_code == status
    if status == 200:
        titles = {p["title"] for p in response.json()["items"]}
        assert ("Garden budget" in titles) is (persona in ("group_member", "host"))
        assert "Crew moves to the library" in titles


@access(anonymous=401, outsider=404, member=404, group_member=200, host=200)
def test_it_hides_a_private_group_proposal(world, places, persona, status):
    response = api_for(world, persona).get(f"{P}/{places.secret.pk}")
    assert response.status_code == status
    if status == 404:
        assert response.json() == {"detail": "Proposal not found.", "field": None} or persona in (
            "outsider",
        )


@access(anonymous=401, outsider=404, member=403, group_member=201, host=403)
def test_only_the_group_takes_positions_on_its_proposal(world, places, persona, status):
    response = api_for(world, persona).post(
        f"{P}/{places.crew.pk}/positions", {"stance": "consent"}
    )
    assert response.status_code == status
    assert Position.objects.exists() is (status == 201)


@access(anonymous=401, outsider=404, member=201, group_member=201, host=201)
def test_every_member_may_make_a_community_proposal(world, persona, status):
    response = api_for(world, persona).post(
        P, {"title": "Picnic", "body": "In June.", "kind": "vote"}
    )
    assert response.status_code == status
    if status == 201:
        body = response.json()
        assert (body["kind"], body["status"], body["tally"]["eligible"]) == ("vote", "open", 3)


@access(anonymous=401, outsider=404, member=403, group_member=403, host=200)
def test_only_hosts_change_the_ways_to_decide(world, persona, status):
    response = api_for(world, persona).patch(COMMUNITY + "/decision-defaults", {"kind": "advice"})
    assert response.status_code == status


def test_an_objection_without_a_reason_names_the_field(world, places):
    response = api_for(world, "group_member").post(
        f"{P}/{places.crew.pk}/positions", {"stance": "objection"}
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "An objection must say what harm it foresees or what improvement it offers.",
        "field": "reason",
    }
    assert not Position.objects.exists()


def test_a_consent_round_from_proposal_to_outcome(world, clock):
    crew = people(world, 1, crew=True)[0]
    api = api_for(world, "group_member")
    created = api.post(P, {"title": "Library", "body": "Tuesdays.", "group": "morning-crew"})
    pid = created.json()["id"]
    actions.take_position(crew, Proposal.objects.get(pk=pid), "objection", "Closed Tuesdays.")
    refused = api.post(f"{P}/{pid}/close", {"outcome": "Yes", "review_on": "2030-06-01"})
    assert refused.json()["detail"] == "1 objection is not resolved."
    api.post(f"{P}/{pid}/amend", {"title": "Library", "body": "Weds.", "note": "Tuesdays shut"})
    actions.take_position(crew, Proposal.objects.get(pk=pid), "consent")
    past = api.post(f"{P}/{pid}/close", {"outcome": "Yes", "review_on": "2030-03-01"})
    assert past.status_code == 400 and past.json()["field"] == "review_on"
    done = api.post(f"{P}/{pid}/close", {"outcome": "Weds it is.", "review_on": "2030-06-01"})
    assert (done.json()["status"], done.json()["round"]) == ("adopted", 2)
    history = api.get(f"{P}/{pid}/positions").json()["items"]
    assert [(p["stance"], p["round"], p["current"]) for p in history] == [
        ("consent", 2, True),
        ("objection", 1, False),
    ]
    late = api_for(world, "group_member").post(f"{P}/{pid}/positions", {"stance": "consent"})
    assert late.status_code == 400 and "closed" in late.json()["detail"]
    log = api.get(COMMUNITY + "/decision-log").json()["items"]
    assert [p["title"] for p in log] == ["Library"]
    clock.move_to(NOW + timedelta(days=100))
    due = api.get(COMMUNITY + "/reviews-due").json()["items"]
    assert [p["id"] for p in due] == [pid]


def test_a_purpose_changes_through_a_proposal(world, clock):
    api = api_for(world, "member")
    created = api.post(
        P,
        {
            "title": "Wider",
            "body": "More than the river.",
            "subject": "purpose",
            "purpose_text": "Look after the river and its people.",
        },
    )
    pid = created.json()["id"]
    api_for(world, "host").post(f"{P}/{pid}/positions", {"stance": "consent"})
    api.post(f"{P}/{pid}/close", {"outcome": "Adopted.", "review_on": "2031-01-01"})
    versions = api.get(COMMUNITY + "/purpose-versions").json()["items"]
    assert (versions[0]["text"], versions[0]["proposal_id"]) == (
        "Look after the river and its people.",
        pid,
    )


def test_the_proposer_gets_advisors_and_asks_one(world, clock):
    crew = people(world, 1, crew=True)[0]
    proposal = propose(world, "advice", group=world.crew)
    api = api_for(world, "group_member")
    suggested = api.get(f"{P}/{proposal.pk}/advisors").json()
    assert suggested == [
        {"person": {"id": crew.pk, "name": "Person 0", "pronouns": ""}, "why": ["in Morning Crew"]}
    ]
    assert api_for(world, "member").get(f"{P}/{proposal.pk}/advisors").status_code == 403
    asked = api.post(f"{P}/{proposal.pk}/advice-requests", {"user_id": crew.pk, "why": "crew"})
    assert asked.status_code == 201
    assert [a["person"]["name"] for a in asked.json()["asked"]] == ["Person 0"]


R = COMMUNITY + "/groups/morning-crew/roles"


@access(anonymous=401, outsider=404, member=200, group_member=200, host=200)
def test_it_lists_a_group_roles_to_those_who_see_the_group(world, places, persona, status):
    response = api_for(world, persona).get(R)
    assert response.status_code == status
    if status == 200:
        assert [r["name"] for r in response.json()] == ["Timekeeper"]


@access(anonymous=401, outsider=404, member=403, group_member=201, host=403)
def test_only_the_group_defines_roles(world, persona, status):
    response = api_for(world, persona).post(
        R, {"name": "Caller", "purpose": "Calls", "term_days": 30}
    )
    assert response.status_code == status


def test_a_role_selection_keeps_nominations_private_until_the_round(world, places, clock):
    crew = people(world, 1, crew=True)[0]
    api = api_for(world, "group_member")
    role = f"{R}/{places.role.pk}"
    assert api.post(role + "/selection").status_code == 201
    actions.nominate(crew, places.role.selections.get(), world.group_member, "Steady.")
    mine = api.post(role + "/selection/nominations", {"nominee_id": crew.pk, "reason": "Kind."})
    assert [n["reason"] for n in mine.json()["nominations"]] == ["Kind."]
    assert mine.json()["nomination_count"] == 2
    assert api.post(role + "/selection/step", {"step": "reveal"}).status_code == 200
    seen = api_for(world, "member").get(role + "/selection").json()
    assert sorted(n["reason"] for n in seen["nominations"]) == ["Kind.", "Steady."]
    api.post(role + "/selection/step", {"step": "changes"})
    proposed = api.post(role + "/selection/proposal", {"candidate_id": crew.pk, "reasons": "Kind"})
    assert proposed.status_code == 201
    assert proposed.json()["candidate"]["name"] == "Person 0"
