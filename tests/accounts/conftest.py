# The Chromium fixtures live with the other browser tests; the account journeys reuse them.
from tests.browser.conftest import browser, new_page  # noqa: F401
