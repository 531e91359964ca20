"""Playwright driving Debian's Chromium against Django's live test server.

Playwright is used without its own browser download (which cannot run here): the system
Chromium is launched by path, with the flags that keep it from reaching out to the network.
"""

import os
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

# Playwright's sync API keeps an event loop running in this thread, which makes Django think
# ORM calls from test code are inside async code; they are not, so allow them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser: Browser, live_server) -> Iterator:
    """Open a fresh browser context (its own cookies) for each person in a test."""
    # Live-server tests empty the database between tests, which also removes the rows that
    # migrations installed; put the built-in practices back, as every real install has them.
    from murmuration.rhythms import builtin_practices
    from murmuration.rhythms.models import Practice

    builtin_practices.install(Practice)
    contexts = []

    def open_page() -> Page:
        context = browser.new_context(
            base_url=live_server.url, locale="en-GB", timezone_id="Europe/London"
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()
