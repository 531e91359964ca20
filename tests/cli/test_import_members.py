from datetime import timedelta

import pytest
from django.core import mail
from django.core.management.base import CommandError
from django.utils import timezone

from murmuration.communities import actions
from murmuration.communities.csv_import import import_members, parse_members_csv
from murmuration.communities.models import Invitation, Membership
from murmuration.errors import ActionError, NotAllowed

from .conftest import run

# One row of each kind; line numbers count the header as line 1.
MIXED = """Email,Name,Notes
new.one@example.org,New One,met at the swap
,No Address,
not-an-email,Bad Address,
member@example.org,Mo Member,
invited@example.org,Already Invited,

NEW.ONE@example.org,New One Again,
second@example.org,Second Person,
"""
EXPECTED = [
    (2, "invite", "Will be invited by email"),
    (3, "error", "Missing email"),
    (4, "error", "Invalid email address"),
    (5, "already_member", "Already a member"),
    (6, "already_invited", "Already invited; the invitation is open"),
    (8, "error", "Same email as line 2"),
    (9, "invite", "Will be invited by email"),
]


@pytest.fixture
def invited(world):
    return actions.create_invitation(world.host, world.community, email="invited@example.org")


def _summary(report):
    return [(row.line, row.outcome, row.message) for row in report.rows]


def test_it_reads_columns_in_any_order_and_case(db):
    rows = parse_members_csv("\ufeffE-Mail Notes,EMAIL,Name\r\nx,a@example.org, Ann \r\n")
    assert [(r.line, r.name, r.email) for r in rows] == [(2, "Ann", "a@example.org")]


def test_it_reads_semicolons_and_quoted_line_breaks(db):
    text = 'name;email\n"Ann\nBee";a@example.org\nCal;c@example.org\n'
    rows = parse_members_csv(text.encode())
    assert [(r.line, r.name) for r in rows] == [(2, "Ann\nBee"), (4, "Cal")]


def test_it_reports_every_row_in_a_dry_run_and_changes_nothing(world, invited, mailoutbox):
    before = Invitation.objects.count()
    report = import_members(world.host, world.community, MIXED, dry_run=True)
    assert _summary(report) == EXPECTED
    assert report.counts == {"invite": 2, "already_member": 1, "already_invited": 1, "error": 3}
    assert not report.ok
    assert "will still be imported" in report.summary
    assert Invitation.objects.count() == before
    assert mailoutbox == []


def test_it_invites_only_the_good_rows(world, invited, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        report = import_members(world.host, world.community, MIXED, dry_run=False)
    assert [(r.line, r.outcome) for r in report.rows] == [(line, o) for line, o, _m in EXPECTED]
    assert [r.message for r in report.rows if r.outcome == "invite"] == ["Invitation sent"] * 2
    emails = set(Invitation.objects.exclude(pk=invited.pk).values_list("email", flat=True))
    assert emails == {"new.one@example.org", "second@example.org"}
    assert sorted(m.to[0] for m in mail.outbox) == ["new.one@example.org", "second@example.org"]
    assert all(world.community.name in m.subject for m in mail.outbox)
    assert "the other rows were imported" in report.summary
    assert not Membership.objects.filter(user__email="new.one@example.org").exists()


def test_it_invites_again_when_the_old_invitation_expired(world, invited):
    Invitation.objects.filter(pk=invited.pk).update(expires_at=timezone.now() - timedelta(days=1))
    report = import_members(
        world.host, world.community, "name,email\nI,invited@example.org\n", dry_run=True
    )
    assert report.rows[0].outcome == "invite"
    assert report.ok


def test_it_lets_only_hosts_import(world):
    with pytest.raises(NotAllowed):
        import_members(world.member, world.community, "name,email\n", dry_run=True)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"name,email\nZo\xeb,zoe@example.org\n", "not UTF-8"),
        (b"full name,address\nAnn,a@example.org\n", "must name the columns"),
        (b"\n\n", "empty"),
        (b"name,email\n" + b"Ann,a@example.org\n" * 60_000, "larger than 1 MB"),
        (b"name,email\n" + b"A,a@e.org\n" * 5_001, "more than 5,000 rows"),
    ],
    ids=["latin-1", "no-header", "empty", "too-large", "too-many-rows"],
)
def test_it_refuses_a_file_it_cannot_read(world, data, message):
    with pytest.raises(ActionError, match=message):
        import_members(world.host, world.community, data, dry_run=True)


def test_it_accepts_exactly_five_thousand_rows(world):
    rows = "".join(f"P{n},p{n}@example.org\n" for n in range(5_000))
    report = import_members(world.host, world.community, "name,email\n" + rows, dry_run=True)
    assert report.counts["invite"] == 5_000


def test_the_command_prints_a_table_and_a_summary(world, invited, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text(MIXED)
    slug = world.community.slug
    out, _err = run("import_members", slug, str(path), "--as", "host@example.org", "--dry-run")
    lines = out.splitlines()
    assert lines[0].split() == ["Line", "Name", "Email", "Outcome", "Message"]
    assert "Same email as line 2" in lines[6]
    assert "Dry run: nothing was changed." in out
    assert "2 people will be invited by email." in out
    assert Invitation.objects.count() == 1


def test_the_command_invites_people(world, tmp_path, django_capture_on_commit_callbacks):
    path = tmp_path / "people.csv"
    path.write_text("name,email\nAnn,ann@example.org\n")
    with django_capture_on_commit_callbacks(execute=True):
        out, _err = run(
            "import_members", world.community.slug, str(path), "--as", "HOST@example.org"
        )
    assert "1 invitation sent." in out
    assert Invitation.objects.filter(email="ann@example.org").exists()


def test_the_command_fails_on_an_unreadable_file(world, tmp_path):
    path = tmp_path / "people.csv"
    path.write_bytes(b"\xff\xfen\x00a\x00m\x00e\x00")
    with pytest.raises(CommandError, match="not UTF-8"):
        run("import_members", world.community.slug, str(path), "--as", "host@example.org")


@pytest.mark.parametrize(
    ("slug", "host", "message"),
    [
        ("nowhere", "host@example.org", "No community"),
        ("river-commons", "nobody@example.org", "No account"),
        ("river-commons", "member@example.org", "Only hosts"),
    ],
)
def test_the_command_names_what_is_wrong(world, tmp_path, slug, host, message):
    path = tmp_path / "people.csv"
    path.write_text("name,email\nAnn,ann@example.org\n")
    with pytest.raises(CommandError, match=message):
        run("import_members", slug, str(path), "--as", host)


def test_the_command_reports_a_missing_file(world, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run(
            "import_members",
            world.community.slug,
            str(tmp_path / "nope.csv"),
            "--as",
            "host@example.org",
        )
