"""Browser journey: find a built-in, copy it, adapt a step with the keyboard, import and export."""

import pytest
from playwright.sync_api import expect

from murmuration.rhythms import builtin_practices
from murmuration.rhythms.models import Practice
from murmuration.rhythms.practices import from_model, load_file
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def builtins(db) -> None:
    # Live-server tests empty the database between tests, migration data included.
    builtin_practices.install(Practice)


def log_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_a_member_adapts_a_builtin_and_takes_it_home(world, builtins, new_page, tmp_path):
    page = new_page()
    log_in(page, "member@example.org")
    page.goto(f"/c/{world.community.slug}/")
    page.get_by_role("navigation", name="Community").get_by_role("link", name="Practices").click()
    page.get_by_role("link", name="Case clinic").click()
    expect(page.get_by_role("heading", name="1. Choose the case")).to_be_visible()

    page.get_by_role("button", name="Copy to adapt it").click()
    page.get_by_label("Name").fill("Short clinic")
    steps = page.get_by_label("Steps (YAML)")
    steps.fill(steps.input_value().replace("minutes: 12", "minutes: 8", 1))
    steps.press("Tab")
    page.keyboard.press("Enter")  # focus is on the save button after the last field
    expect(page.get_by_role("heading", name="Short clinic")).to_be_visible()
    expect(page.get_by_text("36 minutes in all")).to_be_visible()

    with page.expect_download() as download:
        page.get_by_role("link", name="Download as YAML").click()
    path = tmp_path / "clinic.yaml"
    download.value.save_as(path)
    adapted = Practice.objects.get(community=world.community)
    assert download.value.suggested_filename == f"{adapted.slug}.yaml"
    assert load_file(path.read_bytes()) == from_model(adapted)

    page.get_by_role("link", name="Practices", exact=True).first.click()
    page.get_by_role("link", name="Import a file").click()
    page.get_by_label("Practice file", exact=True).set_input_files(path)
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_text("was imported at the address")).to_be_visible()
    assert Practice.objects.filter(community=world.community).count() == 2
