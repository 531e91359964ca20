import pytest
from django.core.management.base import CommandError

from murmuration.__main__ import main
from murmuration.accounts.models import ApiToken
from murmuration.accounts.tokens import user_for_token

from ..conftest import make_user
from .conftest import run


def test_it_prints_a_token_that_authenticates(db):
    user = make_user("ada@example.org", "Ada")
    out, err = run("create_token", "Ada@Example.org", "--name", "Sync script")
    token = out.strip()
    assert user_for_token(token) == user
    assert ApiToken.objects.get(user=user).name == "Sync script"
    assert "shown only this once" in err


def test_it_refuses_an_unknown_email(db):
    with pytest.raises(CommandError, match=r"No active account .*nobody@example\.org"):
        run("create_token", "nobody@example.org")
    assert not ApiToken.objects.exists()


def test_it_exits_with_status_1_for_an_unknown_email(db, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["murmur", "create-token", "nobody@example.org"])
    assert exit_info.value.code == 1
    assert "nobody@example.org" in capsys.readouterr().err
