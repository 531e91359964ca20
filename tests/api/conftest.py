"""Calling /api/v1/ as one of the World personas, by login session or by personal token."""

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from murmuration.accounts.models import User
from murmuration.accounts.tokens import create_token
from tests.conftest import World

# Personas take turns between the two ways in, so every access test runs through both.
DEFAULT_VIA = {
    "anonymous": "none",
    "outsider": "token",
    "member": "session",
    "group_member": "token",
    "host": "session",
}


class Api:
    """A client for /api/v1/ whose paths are relative to it and whose bodies are JSON."""

    def __init__(self, client: Client, headers: dict[str, str] | None = None) -> None:
        self.client = client
        self.headers = headers or {}

    def _url(self, path: str) -> str:
        return "/api/v1" + path

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(self._url(path), params, headers=self.headers)

    def _send(self, method: str, path: str, data: object) -> Any:
        body = json.dumps(data if data is not None else {})
        send = getattr(self.client, method)
        return send(self._url(path), body, content_type="application/json", headers=self.headers)

    def post(self, path: str, data: object = None) -> Any:
        return self._send("post", path, data)

    def patch(self, path: str, data: object = None) -> Any:
        return self._send("patch", path, data)

    def delete(self, path: str) -> Any:
        return self.client.delete(self._url(path), headers=self.headers)


def api_as(user: User) -> Api:
    """An Api logged in as someone outside the five personas."""
    client = Client()
    client.force_login(user)
    return Api(client)


def api_for(world: World, persona: str, via: str | None = None) -> Api:
    via = via or DEFAULT_VIA[persona]
    if via == "token":
        _token, secret = create_token(getattr(world, persona), "tests")
        return Api(Client(), {"Authorization": f"Bearer {secret}"})
    if via == "session":
        return Api(world.client_for(persona))
    return Api(Client())


@pytest.fixture
def as_(world: World) -> Callable[..., Api]:
    """`as_("host")` calls the API as the host; `as_("host", via="token")` picks the way in."""
    return lambda persona, via=None: api_for(world, persona, via)


COMMUNITY = "/communities/river-commons"
CREW = COMMUNITY + "/groups/morning-crew"
SECRET = COMMUNITY + "/groups/secret-garden"


def access(**statuses: int) -> Any:
    """Parametrize a test over the five personas with the status each should get."""
    return pytest.mark.parametrize(("persona", "status"), list(statuses.items()))
