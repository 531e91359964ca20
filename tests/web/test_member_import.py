"""Importing members from CSV: the dry-run report, then confirming, and files that fail."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from murmuration.communities.models import Invitation
from tests.conftest import PERSONAS

HOST_PAGE = {"anonymous": 302, "outsider": 404, "member": 403, "group_member": 403, "host": 200}
CSV = (
    "name,email\nAda Lovelace,ada@example.org\nMo Member,member@example.org\nNobody,not-an-email\n"
)


def url(world):
    return f"/c/{world.community.slug}/import/"


def upload(content: bytes | str, name: str = "people.csv") -> SimpleUploadedFile:
    data = content.encode() if isinstance(content, str) else content
    return SimpleUploadedFile(name, data, content_type="text/csv")


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_the_import_page_to_hosts_only(world, persona):
    assert world.client_for(persona).get(url(world)).status_code == HOST_PAGE[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lets_only_hosts_upload_a_file(world, persona):
    response = world.client_for(persona).post(url(world), {"file": upload(CSV)})
    assert response.status_code == HOST_PAGE[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lets_only_hosts_confirm_an_import(world, persona):
    response = world.client_for(persona).post(url(world), {"text": CSV})
    assert response.status_code == HOST_PAGE[persona]
    assert Invitation.objects.exists() is (persona == "host")


def test_it_reports_what_would_happen_before_doing_anything(world):
    # When the host uploads a file
    response = world.client_for("host").post(url(world), {"file": upload(CSV)})
    # Then each row is reported with its line, and nothing is sent yet
    content = response.content.decode()
    assert response.status_code == 200
    assert "What would happen" in content
    for text in ("ada@example.org", "Already a member", "Invalid email address", "Confirm import"):
        assert text in content
    rows = response.context["report"].rows
    assert [(row.line, row.outcome) for row in rows] == [
        (2, "invite"),
        (3, "already_member"),
        (4, "error"),
    ]
    assert not Invitation.objects.exists()


def test_it_imports_once_confirmed(world):
    client = world.client_for("host")
    report = client.post(url(world), {"file": upload(CSV)})
    text = report.context["confirm"]["text"].value()
    response = client.post(url(world), {"text": text})
    assert response.status_code == 200
    assert "What happened" in response.content.decode()
    assert list(Invitation.objects.values_list("email", flat=True)) == ["ada@example.org"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"name,email\n" + b"x" * 1_100_000, "larger than 1 MB"),
        ("name,email\nZo\xe9,zoe@example.org\n".encode("latin-1"), "not UTF-8"),
        (b"who,where\nAda,ada@example.org\n", "must name the columns"),
        (b"", "empty"),
    ],
)
def test_it_explains_a_file_it_cannot_read_and_sends_nothing(world, content, message):
    response = world.client_for("host").post(url(world), {"file": upload(content)})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "Confirm import" not in response.content.decode()
    assert not Invitation.objects.exists()


def test_it_asks_for_a_file_when_none_was_chosen(world):
    response = world.client_for("host").post(url(world), {})
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()


def test_it_labels_the_file_field(world):
    content = world.client_for("host").get(url(world)).content.decode()
    assert '<label for="id_file"' in content
