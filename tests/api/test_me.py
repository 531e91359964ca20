"""/me: one's own profile, availability and API tokens."""

import pytest

from murmuration.accounts.models import ApiToken
from murmuration.accounts.tokens import create_token

from .conftest import access

EVERYONE_SIGNED_IN = access(anonymous=401, outsider=200, member=200, group_member=200, host=200)


@EVERYONE_SIGNED_IN
def test_it_shows_each_person_their_own_profile(world, as_, persona, status):
    response = as_(persona).get("/me")
    assert response.status_code == status
    if status == 200:
        assert response.json()["email"] == getattr(world, persona).email


@EVERYONE_SIGNED_IN
def test_it_changes_the_profile(world, as_, persona, status):
    response = as_(persona).patch(
        "/me", {"display_name": "  New Name ", "pronouns": "they/them", "time_zone": "Asia/Tokyo"}
    )
    assert response.status_code == status
    if status == 200:
        person = getattr(world, persona)
        person.refresh_from_db()
        assert (person.display_name, person.pronouns, person.time_zone) == (
            "New Name",
            "they/them",
            "Asia/Tokyo",
        )
        assert response.json()["display_name"] == "New Name"


def test_it_leaves_out_fields_that_are_not_sent(world, as_):
    world.member.bio = "Rivers."
    world.member.save()
    as_("member").patch("/me", {"pronouns": "she/her"})
    world.member.refresh_from_db()
    assert (world.member.bio, world.member.display_name) == ("Rivers.", "Mo Member")


def test_it_refuses_an_unknown_time_zone_and_saves_nothing(world, as_):
    response = as_("member", via="token").patch(
        "/me", {"display_name": "Changed", "time_zone": "Mars/Olympus_Mons", "availability": [1]}
    )
    assert response.status_code == 400
    assert response.json()["field"] == "time_zone"
    assert "Mars/Olympus_Mons" in response.json()["detail"]
    world.member.refresh_from_db()
    assert (world.member.display_name, world.member.time_zone) == ("Mo Member", "UTC")
    assert world.member.availability == []


def test_it_stores_availability_sorted_and_unique(world, as_):
    response = as_("member").patch("/me", {"availability": [50, 2, 50, 3]})
    assert response.status_code == 200
    assert response.json()["availability"] == [2, 3, 50]


@pytest.mark.parametrize("slots", [[400], [-1], [1.5], ["monday"], [True]])
def test_it_refuses_a_slot_outside_the_week_and_saves_nothing(world, as_, slots):
    response = as_("member").patch("/me", {"availability": slots, "pronouns": "xe"})
    assert response.status_code == 400
    assert response.json()["field"] == "availability"
    world.member.refresh_from_db()
    assert world.member.availability == []
    assert world.member.pronouns == ""


def test_it_refuses_availability_that_is_not_a_list(world, as_):
    assert as_("member").patch("/me", {"availability": "mornings"}).status_code == 422


def test_it_refuses_an_oversized_bio_and_saves_nothing(world, as_):
    response = as_("member").patch("/me", {"bio": "x" * 501})
    assert response.status_code == 400
    assert response.json()["field"] == "bio"
    world.member.refresh_from_db()
    assert world.member.bio == ""


# Tokens --------------------------------------------------------------------------------------


@EVERYONE_SIGNED_IN
def test_it_lists_only_ones_own_tokens(world, as_, persona, status):
    create_token(world.host, "host's laptop")
    response = as_(persona).get("/me/tokens")
    assert response.status_code == status
    if status == 200:
        names = {token["name"] for token in response.json()["items"]}
        assert ("host's laptop" in names) == (persona == "host")
        assert all("token" not in token for token in response.json()["items"])


@access(anonymous=401, outsider=201, member=201, group_member=201, host=201)
def test_it_creates_a_token_and_shows_its_secret_once(world, as_, persona, status):
    api = as_(persona, via="none" if persona == "anonymous" else "session")
    response = api.post("/me/tokens", {"name": "calendar sync"})
    assert response.status_code == status
    if status == 201:
        secret = response.json()["token"]
        assert secret.startswith("mur_")
        assert secret not in api.get("/me/tokens").content.decode()
        me = api.client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
        assert me.json()["email"] == getattr(world, persona).email


def test_it_asks_for_a_token_name(world, as_):
    response = as_("member").post("/me/tokens", {"name": "  "})
    assert response.status_code == 400
    assert response.json()["field"] == "name"
    assert not ApiToken.objects.filter(user=world.member).exists()


@EVERYONE_SIGNED_IN
def test_it_revokes_a_token(world, as_, persona, status):
    user = world.user_for(persona) or world.member
    token, _secret = create_token(user, "old script")
    response = as_(persona).delete(f"/me/tokens/{token.pk}")
    assert response.status_code == (204 if status == 200 else status)
    token.refresh_from_db()
    assert token.is_active == (persona == "anonymous")


def test_it_does_not_revoke_someone_elses_token(world, as_):
    token, _secret = create_token(world.host, "host's laptop")
    response = as_("member").delete(f"/me/tokens/{token.pk}")
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.is_active


def test_it_stops_accepting_a_token_revoked_through_the_api(world, as_):
    api = as_("member", via="token")
    token_id = api.get("/me/tokens").json()["items"][0]["id"]
    assert api.delete(f"/me/tokens/{token_id}").status_code == 204
    assert api.get("/me").status_code == 401
