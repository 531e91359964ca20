import io
import json

import pytest
from allauth.account.models import EmailAddress
from django.core.management.base import CommandError

from murmuration.accounts.models import User
from murmuration.communities.models import Community, Group, Invitation, JoinRequest
from murmuration.ops import archive, demo

from ..conftest import PASSWORD, make_user
from .conftest import run


def _empty_database() -> None:
    Community.objects.all().delete()
    User.objects.all().delete()


def _nothing_written() -> None:
    assert not Community.objects.exists()
    assert not User.objects.exists()
    assert not Group.objects.exists()


def test_it_exports_byte_identical_documents_for_the_same_data(demo_community):
    first, _err = run("export", demo_community.slug)
    second, _err = run("export", demo_community.slug)
    assert first == second
    document = json.loads(first)
    assert (document["format"], document["version"]) == (archive.FORMAT, archive.VERSION)


def test_it_round_trips_the_demo_into_an_empty_database_without_losing_anything(demo_community):
    exported, _err = run("export", demo_community.slug)
    _empty_database()
    run("import", "-", stdin=io.StringIO(exported))
    again, _err = run("export", demo_community.slug)
    assert again == exported


def test_it_leaves_passwords_behind(demo_community):
    exported, _err = run("export", demo_community.slug)
    assert User.objects.first().password not in exported  # type: ignore[union-attr]
    assert "password" not in json.loads(exported)["people"][0]


def test_it_includes_private_groups_nesting_and_pending_links(demo_community):
    document = archive.export_community(demo_community)
    groups = {group["slug"]: group for group in document["groups"]}
    assert any(group["is_private"] for group in groups.values())
    assert groups["seed-swap-crew"]["parent"] == "seed-library-team"
    usable = [i for i in demo_community.invitations.all() if i.is_usable]
    assert {i.token for i in usable} <= {i["token"] for i in document["invitations"]}


def test_it_gives_new_people_verified_addresses_and_no_password(demo_community):
    document = archive.export_community(demo_community)
    _empty_database()
    archive.import_community(document)
    host = User.objects.get(email=demo.HOST_EMAIL)
    assert not host.has_usable_password()
    assert EmailAddress.objects.get(user=host).verified
    assert host.time_zone == "Europe/London" and host.availability


def test_it_reuses_people_who_have_an_account_here(demo_community):
    document = archive.export_community(demo_community)
    _empty_database()
    existing = make_user(demo.MEMBER_EMAIL.upper(), "Already Here", time_zone="Asia/Tokyo")
    out, _err = run("import", "-", stdin=io.StringIO(archive.dumps(document)))
    assert "1 existing accounts reused" in out
    existing.refresh_from_db()
    assert existing.check_password(PASSWORD)
    assert existing.display_name == "Already Here"
    community = Community.objects.get()
    assert community.memberships.filter(user=existing).exists()
    assert User.objects.count() == len(document["people"])


def test_it_refuses_a_community_that_exists_here(demo_community):
    exported, _err = run("export", demo_community.slug)
    users = User.objects.count()
    with pytest.raises(CommandError, match="already exists here"):
        run("import", "-", stdin=io.StringIO(exported))
    assert User.objects.count() == users
    assert Community.objects.count() == 1


def test_it_writes_nothing_when_the_last_record_is_broken(demo_community):
    document = archive.export_community(demo_community)
    document["join_requests"][-1]["person"] = "stranger@example.org"
    _empty_database()
    with pytest.raises(archive.ArchiveError, match=r"join_requests\[\d+\]\.person.*stranger"):
        archive.import_community(document)
    _nothing_written()
    assert not JoinRequest.objects.exists() and not Invitation.objects.exists()


def test_it_writes_nothing_from_a_truncated_file(demo_community, tmp_path):
    exported, _err = run("export", demo_community.slug)
    _empty_database()
    path = tmp_path / "archive.json"
    path.write_text(exported[: len(exported) // 2])
    with pytest.raises(CommandError, match=r"not valid JSON.*Is the file complete"):
        run("import", str(path))
    _nothing_written()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(format="something-else"), "not a Murmuration community archive"),
        (lambda d: d.update(version=99), "newer Murmuration"),
        (lambda d: d.update(telepathy=[]), "does not know: telepathy"),
        (lambda d: d.pop("community"), "“community” section is missing"),
        (lambda d: d["people"][3].update(time_zone="Mars/Olympus"), r"people\[3\]: time_zone"),
        (lambda d: d["people"].append(dict(d["people"][0])), "appears twice"),
        (lambda d: d["groups"][0].update(parent=d["groups"][0]["slug"]), "inside themselves"),
        (lambda d: d["groups"][1].update(parent="nowhere"), "no group “nowhere”"),
        (lambda d: d["members"][0].update(role="queen"), "not a valid choice"),
        (lambda d: d["members"].append(d["members"][0]), "listed twice"),
        (lambda d: d["purpose_versions"][0].update(created_at="yesterday"), "ISO 8601"),
        (
            lambda d: d["invitations"][0].update(uses=d["invitations"][0]["max_uses"] + 1),
            "max_uses",
        ),
        (lambda d: d["join_requests"][0].update(group="nowhere"), "no group “nowhere”"),
    ],
    ids=[
        "format",
        "version",
        "unknown-section",
        "no-community",
        "time-zone",
        "duplicate-person",
        "cycle",
        "unknown-parent",
        "role",
        "duplicate-member",
        "timestamp",
        "uses",
        "request-group",
    ],
)
def test_it_explains_what_is_wrong_and_writes_nothing(demo_community, change, message):
    document = archive.export_community(demo_community)
    change(document)
    _empty_database()
    with pytest.raises(archive.ArchiveError, match=message):
        archive.import_community(document)
    _nothing_written()


def test_it_reads_an_archive_from_a_file(demo_community, tmp_path):
    exported, _err = run("export", demo_community.slug)
    _empty_database()
    path = tmp_path / "archive.json"
    path.write_text(exported)
    out, _err = run("import", str(path))
    assert "Imported “Riverbend Commons” (riverbend-commons): 60 members, 21 groups." in out


def test_it_refuses_to_export_an_unknown_community(db):
    with pytest.raises(CommandError, match="No community"):
        run("export", "nowhere")


def test_other_domains_can_add_a_section(demo_community, monkeypatch):
    monkeypatch.setattr(archive, "_registered", [])
    restored: list[object] = []
    archive.register(
        archive.Section(
            "notes",
            lambda context: [{"author": context.person(User.objects.get(email=demo.HOST_EMAIL))}],
            lambda context, value, where: restored.append((context.community.slug, value)),
        )
    )
    document = archive.export_community(demo_community)
    assert document["notes"] == [{"author": demo.HOST_EMAIL}]
    _empty_database()
    archive.import_community(document)
    assert restored == [("riverbend-commons", [{"author": demo.HOST_EMAIL}])]
    with pytest.raises(ValueError, match="exists already"):
        archive.register(archive.Section("groups", lambda c: [], lambda c, v, w: None))
