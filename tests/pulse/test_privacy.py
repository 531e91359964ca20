"""No private content in any pulse page, CSV or API answer, for any persona.

The history holds a session note and a check-in in the Secret Garden; neither may appear
anywhere, not even to the garden's own member (the pulse shows counts, never contents). The
garden's name and its rhythm's name appear only to those who may know the group exists: its
member and the community's hosts (privacy rule 2). Hosts see counts and rates, never who came.
"""

import json

import pytest

from murmuration.communities import actions as community_actions
from murmuration.pulse.builders import community_entries, group_entries, mine

from .conftest import NOTE, WORD, History

SECRET_NAMES = ("Secret Garden", "Garden planning")
KNOWS_THE_GARDEN = {"group_member", "host"}
PERSONAS = ["member", "group_member", "host"]


def everything(history: History, persona: str) -> str:
    """Every pulse page, every CSV and every API answer the persona can open, as one text."""
    world = history.world
    client = world.client_for(persona)
    c = "/c/river-commons"
    urls = [f"{c}/pulse/", f"{c}/g/morning-crew/pulse/", "/me/pulse/"]
    urls += [f"{c}/pulse/{e.key}.csv" for e in community_entries()]
    urls += [f"{c}/g/morning-crew/pulse/{e.key}.csv" for e in group_entries()]
    urls += [f"/me/pulse/{key}.csv" for key in mine.BUILDERS]
    api = ["/api/v1/communities/river-commons/pulse", "/api/v1/me/pulse"]
    api += ["/api/v1/communities/river-commons/groups/morning-crew/pulse"]
    if persona in KNOWS_THE_GARDEN:
        urls += [f"{c}/g/secret-garden/pulse/"]
        urls += [f"{c}/g/secret-garden/pulse/{e.key}.csv" for e in group_entries()]
        api += ["/api/v1/communities/river-commons/groups/secret-garden/pulse"]
    texts = []
    for url in urls + api:
        response = client.get(url)
        if response.status_code == 403:
            continue
        assert response.status_code == 200, (url, response.status_code)
        text = response.content.decode()
        # JSON escapes non-ASCII; read it back so names compare as written.
        texts.append(json.dumps(response.json(), ensure_ascii=False) if "/api/" in url else text)
    return "\n".join(texts)


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_never_shows_a_note_or_a_check_in(history, persona):
    seen = everything(history, persona)
    assert NOTE not in seen
    assert WORD not in seen


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_names_a_private_group_only_to_those_who_may_know_it_exists(history, persona):
    seen = everything(history, persona)
    for name in SECRET_NAMES:
        assert (name in seen) == (persona in KNOWS_THE_GARDEN), name


def test_it_shows_hosts_counts_not_who_came(history):
    """The crew's people are all connected, so no figure a host sees has a reason to name them."""
    seen = everything(history, "host")
    assert "Morning Crew" in seen
    for name in ("Pia", "Quinn", "Cris Crew"):
        assert name not in seen


def test_it_leaves_a_hidden_group_out_of_every_total(history):
    """The member's community figures equal the host's with the garden's sessions taken away:
    the garden's one held session and three coming ones are nowhere in the member's totals."""
    world = history.world

    def api(persona):
        body = history_api(world, persona)
        return {f["key"]: f for f in body["figures"]}

    member, host = api("member"), api("host")
    assert member["tempo"]["summary"] == "1 category: 3 held, 2 missed, 4 coming."
    assert host["tempo"]["summary"] == "2 categories: 4 held, 2 missed, 7 coming."
    present = lambda figure: sum(row["present"] for row in figure["rows"])  # noqa: E731
    assert (present(member["attendance"]), present(host["attendance"])) == (3, 4)


def history_api(world, persona):
    return world.client_for(persona).get("/api/v1/communities/river-commons/pulse").json()


def test_it_leaves_a_hidden_group_out_of_the_pulse_of_the_group_around_it(history):
    """A public team holding the Secret Garden: a member sees the team's pulse without it."""
    world = history.world
    team = community_actions.call_group(world.host, world.community, name="Open Team")
    world.private_crew.parent = team
    world.private_crew.save(update_fields=["parent"])
    url = f"/c/river-commons/g/{team.slug}/pulse/"
    api = f"/api/v1/communities/river-commons/groups/{team.slug}/pulse"
    for persona, knows in (("member", False), ("host", True), ("group_member", True)):
        client = world.client_for(persona)
        page = client.get(url).content.decode()
        body = json.dumps(client.get(api).json(), ensure_ascii=False)
        csv = client.get(url + "nesting.csv").content.decode()
        for text in (page, body, csv):
            assert ("Secret Garden" in text) == knows, persona
