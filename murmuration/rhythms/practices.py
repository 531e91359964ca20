"""Practice files: checking a practice's content, and reading and writing it as YAML or JSON.

A practice file is one mapping with the keys below; `steps` is required, everything else but
`name` is optional.

    slug: case-clinic            # lower-case letters, digits and hyphens
    name: Case clinic
    summary: One person brings a real challenge…
    is_retrospective: false
    roles:
      - {name: case giver, description: Brings a situation…, rotates: true}
    steps:
      - {title: Tell the story, minutes: 10, guidance: The case giver…, role: case giver}

Messages name the place of the problem the way a person reads the file: steps and roles are
counted from 1, so "steps[3].minutes" is the third step's minutes.

This module knows nothing about the database or permissions, so the web form, the API, the CLI
and the migration that installs the built-ins all check practices with the same rules.
"""

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

import yaml
from django.utils.text import slugify
from django.utils.translation import gettext as _

Format = Literal["yaml", "json"]
FORMATS: tuple[Format, ...] = ("yaml", "json")

MAX_FILE_BYTES = 256 * 1024
MAX_STEPS = 40
MAX_ROLES = 12
MAX_STEP_MINUTES = 240
MAX_TOTAL_MINUTES = 24 * 60
# These match the model's columns where there is one (Practice.slug, name and summary).
SLUG_MAX = 60
NAME_MAX = 120
SUMMARY_MAX = 1000
TITLE_MAX = 120
GUIDANCE_MAX = 2000
ROLE_NAME_MAX = 60
ROLE_DESCRIPTION_MAX = 500

PRACTICE_KEYS = ("slug", "name", "summary", "is_retrospective", "roles", "steps")
STEP_KEYS = ("title", "minutes", "guidance", "role")
ROLE_KEYS = ("name", "description", "rotates")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class PracticeFileError(ValueError):
    """A practice that cannot be accepted; `field` is where the problem is, e.g. steps[2].title."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Role:
    name: str
    description: str = ""
    rotates: bool = False

    def as_data(self) -> dict[str, Any]:
        return {"name": self.name, "description": self.description, "rotates": self.rotates}


@dataclass(frozen=True)
class Step:
    title: str
    minutes: int
    guidance: str = ""
    role: str | None = None

    def as_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "title": self.title,
            "minutes": self.minutes,
            "guidance": self.guidance,
        }
        # A step without a role leaves the key out, so files stay as short as people write them.
        if self.role is not None:
            data["role"] = self.role
        return data


@dataclass(frozen=True)
class CleanPractice:
    """A practice that passed every check. `slug` is None when the file did not give one."""

    name: str
    steps: tuple[Step, ...]
    roles: tuple[Role, ...] = ()
    summary: str = ""
    is_retrospective: bool = False
    slug: str | None = None

    @property
    def total_minutes(self) -> int:
        return sum(step.minutes for step in self.steps)

    def suggested_slug(self) -> str:
        return self.slug or slugify(self.name)[:SLUG_MAX].strip("-") or "practice"

    def model_fields(self) -> dict[str, Any]:
        """The model's content columns (not slug, community or authorship, which actions set)."""
        return {
            "name": self.name,
            "summary": self.summary,
            "is_retrospective": self.is_retrospective,
            "roles": [role.as_data() for role in self.roles],
            "steps": [step.as_data() for step in self.steps],
        }

    def as_data(self) -> dict[str, Any]:
        """The practice as a file's mapping, keys in the order people read them."""
        data: dict[str, Any] = {"slug": self.slug} if self.slug else {}
        return data | self.model_fields()


class PracticeLike(Protocol):
    """A Practice row, or anything else with its content columns (e.g. a migration's model)."""

    slug: str
    name: str
    summary: str
    is_retrospective: bool
    roles: Any
    steps: Any


# Checking --------------------------------------------------------------------------------------


def _text(value: object, field: str, limit: int, *, required: bool) -> str:
    if value is None and not required:
        return ""
    if value is None:
        raise PracticeFileError(_("%(field)s is missing") % {"field": field}, field)
    if not isinstance(value, str):
        raise PracticeFileError(_("%(field)s must be text") % {"field": field}, field)
    value = value.strip()
    if required and not value:
        raise PracticeFileError(_("%(field)s is empty") % {"field": field}, field)
    if len(value) > limit:
        raise PracticeFileError(
            _("%(field)s can be at most %(max)d characters; it has %(n)d")
            % {"field": field, "max": limit, "n": len(value)},
            field,
        )
    return value


def _flag(value: object, field: str) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        raise PracticeFileError(_("%(field)s must be true or false") % {"field": field}, field)
    return value


def _mapping(value: object, field: str, allowed: Sequence[str]) -> Mapping[str, Any]:
    if not isinstance(value, Mapping) and field == "practice":
        raise PracticeFileError(
            _("A practice must be a set of keys and values (%(keys)s)")
            % {"keys": ", ".join(allowed)}
        )
    if not isinstance(value, Mapping):
        raise PracticeFileError(
            _("%(field)s must be a set of keys and values (%(keys)s)")
            % {"field": field, "keys": ", ".join(allowed)},
            field,
        )
    unknown = [str(key) for key in value if key not in allowed]
    if unknown:
        where = f"{field}." if field != "practice" else ""
        raise PracticeFileError(
            _("%(where)s%(key)s is not a known key; the keys are %(keys)s")
            % {"where": where, "key": unknown[0], "keys": ", ".join(allowed)},
            f"{where}{unknown[0]}",
        )
    return value


def _list(value: object, field: str, limit: int, *, required: bool) -> list[Any]:
    if value is None and not required:
        return []
    if value is None:
        raise PracticeFileError(_("%(field)s is missing") % {"field": field}, field)
    # A string is a sequence too, but never a list of steps or roles.
    if not isinstance(value, list):
        raise PracticeFileError(_("%(field)s must be a list") % {"field": field}, field)
    if required and not value:
        raise PracticeFileError(_("%(field)s needs at least one entry") % {"field": field}, field)
    if len(value) > limit:
        raise PracticeFileError(
            _("%(field)s can have at most %(max)d entries; it has %(n)d")
            % {"field": field, "max": limit, "n": len(value)},
            field,
        )
    return value


def _minutes(value: object, field: str) -> int:
    # bool is an int in Python, and 5.0 is not what a person means by a whole number.
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_STEP_MINUTES:
        raise PracticeFileError(
            _("%(field)s must be a whole number from 1 to %(max)d")
            % {"field": field, "max": MAX_STEP_MINUTES},
            field,
        )
    return value


def _role(value: object, field: str) -> Role:
    data = _mapping(value, field, ROLE_KEYS)
    return Role(
        name=_text(data.get("name"), f"{field}.name", ROLE_NAME_MAX, required=True),
        description=_text(
            data.get("description"), f"{field}.description", ROLE_DESCRIPTION_MAX, required=False
        ),
        rotates=_flag(data.get("rotates"), f"{field}.rotates"),
    )


def _step(value: object, field: str, role_names: set[str]) -> Step:
    data = _mapping(value, field, STEP_KEYS)
    title = _text(data.get("title"), f"{field}.title", TITLE_MAX, required=True)
    if data.get("minutes") is None:
        raise PracticeFileError(
            _("%(field)s is missing") % {"field": f"{field}.minutes"}, f"{field}.minutes"
        )
    minutes = _minutes(data["minutes"], f"{field}.minutes")
    guidance = _text(data.get("guidance"), f"{field}.guidance", GUIDANCE_MAX, required=False)
    role = None
    if data.get("role") is not None:
        role = _text(data["role"], f"{field}.role", ROLE_NAME_MAX, required=True)
        if role not in role_names:
            raise PracticeFileError(
                _("%(field)s names the role “%(role)s”, which is not declared under roles")
                % {"field": f"{field}.role", "role": role},
                f"{field}.role",
            )
    return Step(title=title, minutes=minutes, guidance=guidance, role=role)


def validate_practice(data: object) -> CleanPractice:
    """Check a practice (a file's mapping, or an API body) and return it cleaned.

    Text is stripped of surrounding spaces; everything else is kept exactly as given, so a
    practice that passes once passes again unchanged (which is what makes export and import
    round-trip).
    """
    data = _mapping(data, "practice", PRACTICE_KEYS)
    name = _text(data.get("name"), "name", NAME_MAX, required=True)
    slug = None
    if data.get("slug") is not None:
        slug = _text(data["slug"], "slug", SLUG_MAX, required=True)
        if not SLUG_RE.match(slug):
            raise PracticeFileError(
                _("slug may hold only lower-case letters, digits and single hyphens"), "slug"
            )
    roles = tuple(
        _role(value, f"roles[{n}]")
        for n, value in enumerate(_list(data.get("roles"), "roles", MAX_ROLES, required=False), 1)
    )
    seen: set[str] = set()
    for n, role in enumerate(roles, 1):
        if role.name.casefold() in seen:
            raise PracticeFileError(
                _("roles[%(n)d].name “%(role)s” is declared twice") % {"n": n, "role": role.name},
                f"roles[{n}].name",
            )
        seen.add(role.name.casefold())
    role_names = {role.name for role in roles}
    steps = tuple(
        _step(value, f"steps[{n}]", role_names)
        for n, value in enumerate(_list(data.get("steps"), "steps", MAX_STEPS, required=True), 1)
    )
    practice = CleanPractice(
        name=name,
        slug=slug,
        summary=_text(data.get("summary"), "summary", SUMMARY_MAX, required=False),
        is_retrospective=_flag(data.get("is_retrospective"), "is_retrospective"),
        roles=roles,
        steps=steps,
    )
    if practice.total_minutes > MAX_TOTAL_MINUTES:
        raise PracticeFileError(
            _("steps add up to %(n)d minutes; a practice can last at most 24 hours (%(max)d)")
            % {"n": practice.total_minutes, "max": MAX_TOTAL_MINUTES},
            "steps",
        )
    return practice


def from_model(practice: PracticeLike) -> CleanPractice:
    """A stored practice as a CleanPractice, checked again in case the row was edited by hand."""
    return validate_practice(
        {
            "slug": practice.slug,
            "name": practice.name,
            "summary": practice.summary,
            "is_retrospective": practice.is_retrospective,
            "roles": practice.roles,
            "steps": practice.steps,
        }
    )


# Reading ---------------------------------------------------------------------------------------


def _decode(text: str | bytes) -> str:
    raw = text.encode() if isinstance(text, str) else text
    if len(raw) > MAX_FILE_BYTES:
        raise PracticeFileError(
            _("The file is too large: a practice file can be at most %(kb)d KB")
            % {"kb": MAX_FILE_BYTES // 1024}
        )
    if isinstance(text, str):
        return text
    try:
        return text.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise PracticeFileError(_("The file is not UTF-8 text")) from error


def _guess_format(text: str) -> Format:
    # JSON documents start with an object or an array; YAML practice files start with a key,
    # a comment or "---". (YAML would also read most JSON, but with vaguer error messages.)
    return "json" if text.lstrip()[:1] in ("{", "[") else "yaml"


def _parse(text: str, format: Format) -> list[Any]:
    """Every document in the text: a YAML stream may hold several, a JSON array likewise."""
    try:
        if format == "json":
            value = json.loads(text)
            return value if isinstance(value, list) else [value]
        return [doc for doc in yaml.safe_load_all(text) if doc is not None]
    except json.JSONDecodeError as error:
        raise PracticeFileError(
            _("The file is not valid JSON (line %(line)d, column %(col)d): %(why)s")
            % {"line": error.lineno, "col": error.colno, "why": error.msg}
        ) from error
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = (
            _(" (line %(line)d, column %(col)d)") % {"line": mark.line + 1, "col": mark.column + 1}
            if mark
            else ""
        )
        raise PracticeFileError(
            _("The file is not valid YAML%(where)s: %(why)s")
            % {"where": where, "why": error.problem or error}
        ) from error
    except (yaml.YAMLError, RecursionError) as error:
        # Nesting thousands deep exhausts the parsers' recursion; no practice looks like that.
        raise PracticeFileError(_("The file is not valid YAML or JSON")) from error
    except ValueError as error:
        # Well-formed values the parsers cannot build raise a plain ValueError: a date such as
        # 2026-02-30 (YAML reads unquoted dates), or a number of thousands of digits.
        raise PracticeFileError(
            _("The file has a value that cannot be read: %(why)s") % {"why": _unreadable(error)}
        ) from error


def _unreadable(error: ValueError) -> str:
    # Python's own advice after the ";" (sys.set_int_max_str_digits) is for programmers.
    return str(error).split(";")[0]


def _check_format(format: str | None) -> Format | None:
    if format is not None and format not in FORMATS:
        raise PracticeFileError(
            _("The format must be yaml or json, not “%(format)s”") % {"format": format}, "format"
        )
    return format  # type: ignore[return-value]


def load_documents(text: str | bytes, format: str | None = None) -> list[CleanPractice]:
    """Every practice in a file: one, or several as a YAML stream (`---`) or a JSON array.

    The format is guessed from the first character when not given. Only `yaml.safe_load` is
    used, so a file can never build Python objects.
    """
    decoded = _decode(text)
    documents = _parse(decoded, _check_format(format) or _guess_format(decoded))
    if not documents:
        raise PracticeFileError(_("The file is empty"))
    if len(documents) == 1:
        return [validate_practice(documents[0])]
    practices = []
    for n, document in enumerate(documents, 1):
        try:
            practices.append(validate_practice(document))
        except PracticeFileError as error:
            raise PracticeFileError(
                _("Practice %(n)d in the file: %(why)s") % {"n": n, "why": error.message},
                error.field,
            ) from error
    return practices


def load_file(text: str | bytes, format: str | None = None) -> CleanPractice:
    """The one practice in a practice file."""
    practices = load_documents(text, format)
    if len(practices) > 1:
        raise PracticeFileError(
            _("The file holds %(n)d practices; import them one file at a time")
            % {"n": len(practices)}
        )
    return practices[0]


def parse_fragment(text: str, field: str) -> Any:
    """A list typed into one field of the web form (the steps, or the roles) as YAML."""
    try:
        return yaml.safe_load(text) if text.strip() else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        line = mark.line + 1 if mark else 0
        raise PracticeFileError(
            _("%(field)s is not valid YAML (line %(line)d): %(why)s")
            % {"field": field, "line": line, "why": error.problem or error},
            field,
        ) from error
    except (yaml.YAMLError, RecursionError) as error:
        raise PracticeFileError(
            _("%(field)s is not valid YAML") % {"field": field}, field
        ) from error
    except ValueError as error:
        # As in `_parse`: an impossible date or a number too long to read.
        raise PracticeFileError(
            _("%(field)s has a value that cannot be read: %(why)s")
            % {"field": field, "why": _unreadable(error)},
            field,
        ) from error


# Writing ---------------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Writes text with line breaks as readable blocks instead of one quoted line."""


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # PyYAML falls back to a quoted style by itself when a block cannot hold the text exactly
    # (trailing spaces, for instance), so the round trip stays exact.
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_text)


def _dump_data(data: Any, format: str) -> str:
    if _check_format(format) == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return yaml.dump(
        data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, explicit_start=False
    )


def dump(practice: CleanPractice | PracticeLike, format: str = "yaml") -> str:
    """A practice file that `load_file` reads back into an equal practice."""
    clean = practice if isinstance(practice, CleanPractice) else from_model(practice)
    return _dump_data(clean.as_data(), format)


def dump_many(practices: Iterable[CleanPractice | PracticeLike], format: str = "yaml") -> str:
    """Several practices in one file: a YAML stream or a JSON array (see `load_documents`)."""
    data = [(p if isinstance(p, CleanPractice) else from_model(p)).as_data() for p in practices]
    if _check_format(format) == "json":
        return _dump_data(data, "json")
    return yaml.dump_all(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def dump_fragment(value: list[dict[str, Any]]) -> str:
    """Steps or roles as YAML for the web form's text areas.

    Long text stays on one line, which the browser wraps softly: YAML's own folded lines would
    carry indentation a person editing them could easily break.
    """
    if not value:
        return ""
    return yaml.dump(value, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1_000_000)
