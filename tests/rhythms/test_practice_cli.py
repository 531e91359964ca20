"""`murmur practices export|import`."""

import io

import pytest
import yaml
from django.core.management.base import CommandError

from murmuration.rhythms import practice_actions as actions
from murmuration.rhythms.models import Practice
from murmuration.rhythms.practices import from_model, load_documents, load_file
from tests.cli.conftest import run


def walk() -> dict:
    return {"name": "Walk and talk", "steps": [{"title": "Walk", "minutes": 20}]}


def test_it_exports_one_builtin(db):
    out, _err = run("practices", "export", "--builtin", "case-clinic")
    assert load_file(out) == from_model(Practice.objects.get(community=None, slug="case-clinic"))


def test_it_exports_every_builtin_as_json(db):
    out, _err = run("practices", "export", "--builtin", "--format", "json")
    assert out.lstrip().startswith("[")
    exported = load_documents(out)
    assert [p.slug for p in exported] == sorted(p.slug for p in exported)
    assert len(exported) == 12


def test_it_exports_a_communitys_practices_and_finds_builtins_through_it(world):
    actions.create_practice(world.member, world.community, walk())
    out, _err = run("practices", "export", "river-commons")
    assert [p.name for p in load_documents(out)] == ["Walk and talk"]
    out, _err = run("practices", "export", "river-commons", "triz", "--format", "json")
    assert load_file(out, "json").name == "TRIZ"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export"], "Name a community"),
        (["export", "nowhere"], "No community has the address “nowhere”"),
        (["export", "--builtin", "a", "b"], "at most one practice"),
        (["export", "--builtin", "nope"], "No practice has the address “nope”"),
        (["export", "river-commons"], "no practices to export"),
    ],
)
def test_it_explains_a_bad_export(world, args, message):
    with pytest.raises(CommandError, match=message):
        run("practices", *args)


def test_it_imports_a_file_as_a_member(world, tmp_path):
    path = tmp_path / "walk.yaml"
    path.write_text(yaml.safe_dump_all([walk(), walk()]))
    out, _err = run("practices", "import", "river-commons", str(path), "--as", "member@example.org")
    assert "Added “Walk and talk” as walk-and-talk-2" in out
    assert "2 practice(s) added to River Commons." in out
    added = Practice.objects.filter(community=world.community)
    assert {p.created_by for p in added} == {world.member}


def test_it_imports_from_stdin(world):
    clinic = run("practices", "export", "--builtin", "case-clinic")[0]
    stdin = io.StringIO(clinic)
    out, _err = run(
        "practices", "import", "river-commons", "-", "--as", "host@example.org", stdin=stdin
    )
    assert "as case-clinic-2" in out


@pytest.mark.parametrize(
    ("content", "email", "message"),
    [
        ("name: Tea\n", "member@example.org", "steps is missing"),
        ("name: [", "member@example.org", "not valid YAML"),
        (
            yaml.safe_dump({"name": "Tea", "steps": [{"title": "Brew", "minutes": 4}]}),
            "outsider@example.org",
            "Only members of River Commons",
        ),
        ("name: Tea\n", "nobody@example.org", "No account has the email address"),
    ],
)
def test_it_explains_a_refused_import_and_adds_nothing(world, tmp_path, content, email, message):
    path = tmp_path / "tea.yaml"
    path.write_text(content)
    with pytest.raises(CommandError, match=message):
        run("practices", "import", "river-commons", str(path), "--as", email)
    assert not Practice.objects.filter(community=world.community).exists()


def test_it_explains_a_missing_file(world, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run(
            "practices",
            "import",
            "river-commons",
            str(tmp_path / "x.yaml"),
            "--as",
            "member@example.org",
        )
