"""Practice files: each kind of bad file gets a message naming its problem; good ones round-trip."""

import json

import pytest
import yaml

from murmuration.rhythms import builtin_practices
from murmuration.rhythms.models import Practice
from murmuration.rhythms.practices import (
    MAX_FILE_BYTES,
    PracticeFileError,
    dump,
    dump_many,
    from_model,
    load_documents,
    load_file,
    parse_fragment,
    validate_practice,
)

BUILTIN_SLUGS = [path.stem for path in builtin_practices.files()]


def good() -> dict:
    return {
        "slug": "walk-and-talk",
        "name": "Walk and talk",
        "summary": "Pairs walk outside.",
        "is_retrospective": False,
        "roles": [{"name": "walker", "description": "Sets the pace.", "rotates": True}],
        "steps": [
            {"title": "Pair up", "minutes": 2, "guidance": "Find someone."},
            {"title": "Walk", "minutes": 20, "guidance": "Talk as you go.", "role": "walker"},
        ],
    }


def with_(**changes: object) -> dict:
    data = good()
    for path, value in changes.items():
        target, *keys = path.split("__")
        if not keys:
            data[target] = value
            continue
        node = data[target]
        for key in keys[:-1]:
            node = node[int(key)] if key.isdigit() else node[key]
        last = keys[-1]
        node[int(last) if last.isdigit() else last] = value
    return data


def without(*keys: str) -> dict:
    data = good()
    for key in keys:
        del data[key]
    return data


def fails(data: object) -> PracticeFileError:
    with pytest.raises(PracticeFileError) as raised:
        validate_practice(data)
    return raised.value


# Bad content -----------------------------------------------------------------------------------

BAD = [
    # (what is wrong, the data, the field named, words of the message)
    ("no name", without("name"), "name", "name is missing"),
    ("blank name", with_(name="   "), "name", "name is empty"),
    ("name not text", with_(name=["a"]), "name", "name must be text"),
    ("name too long", with_(name="x" * 121), "name", "name can be at most 120 characters"),
    ("summary too long", with_(summary="x" * 1001), "summary", "at most 1000 characters"),
    ("no steps", without("steps"), "steps", "steps is missing"),
    ("empty steps", with_(steps=[]), "steps", "steps needs at least one entry"),
    ("steps not a list", with_(steps="walk"), "steps", "steps must be a list"),
    ("step not a mapping", with_(steps=["walk"]), "steps[1]", "steps[1] must be a set of keys"),
    ("step title missing", with_(steps=[{"minutes": 3}]), "steps[1].title", "is missing"),
    (
        "minutes missing",
        with_(steps=[{"title": "a"}]),
        "steps[1].minutes",
        "steps[1].minutes is missing",
    ),
    (
        "minutes zero",
        with_(steps__1__minutes=0),
        "steps[2].minutes",
        "steps[2].minutes must be a whole number from 1 to 240",
    ),
    ("minutes too many", with_(steps__1__minutes=241), "steps[2].minutes", "from 1 to 240"),
    ("minutes as text", with_(steps__0__minutes="5"), "steps[1].minutes", "whole number"),
    ("minutes fractional", with_(steps__0__minutes=2.5), "steps[1].minutes", "whole number"),
    ("minutes a boolean", with_(steps__0__minutes=True), "steps[1].minutes", "whole number"),
    ("guidance not text", with_(steps__0__guidance=5), "steps[1].guidance", "must be text"),
    ("guidance too long", with_(steps__0__guidance="x" * 2001), "steps[1].guidance", "2000"),
    (
        "unknown step key",
        with_(steps__0__duration=5),
        "steps[1].duration",
        "steps[1].duration is not a known key",
    ),
    (
        "undeclared role",
        with_(steps__1__role="runner"),
        "steps[2].role",
        "steps[2].role names the role “runner”, which is not declared under roles",
    ),
    ("unknown key", with_(colour="blue"), "colour", "colour is not a known key"),
    ("roles not a list", with_(roles={"name": "x"}), "roles", "roles must be a list"),
    ("role without name", with_(roles=[{"rotates": True}]), "roles[1].name", "is missing"),
    (
        "rotates not a flag",
        with_(roles__0__rotates="yes please"),
        "roles[1].rotates",
        "must be true or false",
    ),
    (
        "role declared twice",
        with_(roles=[{"name": "walker"}, {"name": "Walker"}]),
        "roles[2].name",
        "declared twice",
    ),
    ("too many roles", with_(roles=[{"name": f"r{n}"} for n in range(13)]), "roles", "at most 12"),
    (
        "too many steps",
        with_(steps=[{"title": f"s{n}", "minutes": 1} for n in range(41)]),
        "steps",
        "steps can have at most 40 entries; it has 41",
    ),
    (
        "longer than a day",
        with_(steps=[{"title": f"s{n}", "minutes": 240} for n in range(7)]),
        "steps",
        "steps add up to 1680 minutes; a practice can last at most 24 hours",
    ),
    ("bad slug", with_(slug="Case Clinic"), "slug", "lower-case letters"),
    ("retro not a flag", with_(is_retrospective="no"), "is_retrospective", "true or false"),
]


@pytest.mark.parametrize(("data", "field", "words"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_it_names_the_field_of_each_problem(data, field, words):
    error = fails(data)
    assert error.field == field
    assert words in error.message


def test_it_refuses_a_file_that_is_not_a_practice_mapping():
    assert "A practice must be a set of keys and values" in fails(["a", "b"]).message


def test_it_accepts_a_practice_without_the_optional_keys():
    practice = validate_practice({"name": "Tea", "steps": [{"title": "Brew", "minutes": 4}]})
    assert practice.slug is None
    assert practice.suggested_slug() == "tea"
    assert practice.roles == ()
    assert practice.total_minutes == 4


def test_it_strips_spaces_around_text():
    practice = validate_practice(with_(name="  Walk  "))
    assert practice.name == "Walk"


# Reading files ---------------------------------------------------------------------------------


def test_it_reads_yaml_and_json_alike():
    as_yaml = yaml.safe_dump(good())
    as_json = json.dumps(good())
    assert load_file(as_yaml) == load_file(as_json) == validate_practice(good())


def test_it_says_where_a_yaml_file_is_broken():
    with pytest.raises(PracticeFileError) as raised:
        load_file("name: Walk\nsteps:\n  - title: [unclosed\n")
    assert raised.value.message.startswith("The file is not valid YAML (line 4")


def test_it_says_where_a_json_file_is_broken():
    with pytest.raises(PracticeFileError) as raised:
        load_file('{"name": "Walk",\n "steps": }')
    assert raised.value.message.startswith("The file is not valid JSON (line 2, column 11)")


def test_it_honours_a_stated_format():
    with pytest.raises(PracticeFileError, match="not valid JSON"):
        load_file(yaml.safe_dump(good()), "json")
    with pytest.raises(PracticeFileError, match="yaml or json"):
        load_file(yaml.safe_dump(good()), "toml")


def test_it_refuses_a_file_over_256_kb():
    text = yaml.safe_dump(good()) + "#" * MAX_FILE_BYTES
    with pytest.raises(PracticeFileError, match="too large: a practice file can be at most 256 KB"):
        load_file(text.encode())


def test_it_refuses_an_empty_file():
    with pytest.raises(PracticeFileError, match="The file is empty"):
        load_file("   \n# only a comment\n")


def test_it_refuses_a_file_that_is_not_utf8():
    with pytest.raises(PracticeFileError, match="not UTF-8"):
        load_file("name: Café".encode("latin-1"))


def test_it_never_builds_python_objects_from_yaml():
    with pytest.raises(PracticeFileError, match="not valid YAML"):
        load_file("!!python/object/apply:os.system ['true']\n")


def test_it_survives_absurdly_deep_nesting():
    with pytest.raises(PracticeFileError):
        load_file("[" * 50_000)
    with pytest.raises(PracticeFileError):
        load_file("a: " + "[" * 50_000)


@pytest.mark.parametrize(
    "text",
    [
        "name: Walk\nsteps:\n  - {title: 2026-02-30, minutes: 5}\n",  # YAML reads it as a date
        "name: Walk\nsteps:\n  - {title: Walk, minutes: " + "9" * 5000 + "}\n",
        '{"name": "Walk", "steps": [{"title": "Walk", "minutes": ' + "9" * 5000 + "}]}",
    ],
    ids=["impossible-date", "yaml-huge-number", "json-huge-number"],
)
def test_it_refuses_values_the_parsers_cannot_build_with_a_message(text):
    # PyYAML and json raise a plain ValueError for these, not their own error types.
    with pytest.raises(PracticeFileError, match="cannot be read"):
        load_file(text)


def test_a_form_field_with_such_a_value_names_the_field():
    with pytest.raises(PracticeFileError, match="cannot be read") as error:
        parse_fragment("- {title: 2026-02-30, minutes: 5}", "steps")
    assert error.value.field == "steps"


def test_it_reads_several_practices_from_a_stream_and_names_the_bad_one():
    second = with_(steps__0__minutes=0)
    text = yaml.safe_dump_all([good(), second])
    with pytest.raises(PracticeFileError) as raised:
        load_documents(text)
    assert raised.value.message.startswith("Practice 2 in the file: steps[1].minutes")
    assert len(load_documents(yaml.safe_dump_all([good(), good()]))) == 2


def test_it_refuses_several_practices_where_one_is_expected():
    with pytest.raises(PracticeFileError, match="holds 2 practices"):
        load_file(json.dumps([good(), good()]))


# Round trips -----------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", BUILTIN_SLUGS)
@pytest.mark.parametrize("format", ["yaml", "json"])
def test_every_builtin_survives_export_and_import(db, slug, format):
    row = Practice.objects.get(community=None, slug=slug)
    exported = dump(row, format)
    assert load_file(exported) == from_model(row)
    assert load_file(exported, format) == from_model(row)


def test_awkward_text_round_trips_exactly():
    awkward = with_(
        summary="Line one\nline two with trailing space \n\n  indented: yes # not a comment",
        name="“Quotes” & colons: ok",
        steps__0__guidance="- looks like a list\n'quoted'",
    )
    practice = validate_practice(awkward)
    for format in ("yaml", "json"):
        assert load_file(dump(practice, format)) == practice


def test_a_whole_library_round_trips(db):
    rows = list(Practice.objects.filter(community=None))
    for format in ("yaml", "json"):
        assert load_documents(dump_many(rows, format)) == [from_model(row) for row in rows]


# The built-ins ---------------------------------------------------------------------------------


def test_the_builtins_are_installed_by_the_migrations(db):
    builtins = Practice.objects.filter(community=None)
    assert builtins.count() == 12
    assert sorted(builtins.values_list("slug", flat=True)) == sorted(BUILTIN_SLUGS)
    clinic = builtins.get(slug="case-clinic")
    assert len(clinic.steps) >= 5
    roles = {role["name"]: role for role in clinic.roles}
    assert roles["case giver"]["rotates"] is True
    assert "consultants" in roles
    # The retrospective formats the cycles app's retro board knows (cycles/formats.py).
    retros = builtins.filter(is_retrospective=True).values_list("slug", flat=True)
    assert sorted(retros) == ["four-ls", "liked-didnt-like-would-change", "retrospective"]


def test_troika_has_a_rotating_client(db):
    troika = Practice.objects.get(community=None, slug="troika-consulting")
    assert {"name": "client", "rotates": True}.items() <= troika.roles[0].items()


def test_every_builtin_file_is_named_after_its_slug():
    assert [practice.slug for practice in builtin_practices.load()] == BUILTIN_SLUGS


def test_installing_again_changes_nothing_and_repairs_edited_rows(db):
    assert builtin_practices.install(Practice) == (0, 0)
    Practice.objects.filter(slug="triz").update(name="Tampered", steps=[])
    assert builtin_practices.install(Practice) == (0, 1)
    assert Practice.objects.get(slug="triz").name == "TRIZ"


def test_installing_restores_a_deleted_builtin(db):
    Practice.objects.filter(community=None, slug="check-in-round").delete()
    assert builtin_practices.install(Practice) == (1, 0)
