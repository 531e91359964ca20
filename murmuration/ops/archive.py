"""Community archives: everything about one community as one JSON document.

`export_community` builds the document and `import_community` restores it into a database that
does not have the community yet, in one transaction, so a broken archive writes nothing.

The document is made of sections. The communities app's sections (the community, its members,
groups, purposes, invitations and join requests) are in `archive_communities`; other domains add
theirs with `register(Section(...))`, usually from their AppConfig.ready(). People are referred to
by email address and groups by slug everywhere, and the "people" section holds the profile of
everyone referred to, so sections never need database ids.

An archive is an operator's backup, made from the command line: it holds private groups, email
addresses and invitation links, so whoever has the file can read all of it. Treat it like a
database dump.
"""

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models.functions import Lower

from murmuration.accounts.models import User
from murmuration.communities.models import Community, Group
from murmuration.errors import ActionError

FORMAT = "murmuration-community-archive"
VERSION = 1
PEOPLE = "people"


class ArchiveError(ActionError):
    """The archive cannot be imported; the message says where and why."""


# Reading untrusted JSON ----------------------------------------------------------------------


class Record:
    """One JSON object from an archive, read field by field with errors that say where."""

    def __init__(self, data: object, where: str) -> None:
        if not isinstance(data, dict):
            raise ArchiveError(f"{where}: expected an object, found {type(data).__name__}.")
        self.data = data
        self.where = where

    def _get(self, key: str) -> Any:
        if key not in self.data:
            raise ArchiveError(f"{self.where}: “{key}” is missing.")
        return self.data[key]

    def fail(self, key: str, problem: str) -> ArchiveError:
        return ArchiveError(f"{self.where}.{key}: {problem}")

    def text(self, key: str) -> str:
        value = self._get(key)
        if not isinstance(value, str):
            raise self.fail(key, "expected text.")
        return value

    def optional_text(self, key: str) -> str | None:
        return None if self._get(key) is None else self.text(key)

    def integer(self, key: str) -> int:
        value = self._get(key)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self.fail(key, "expected a whole number of at least 0.")
        return value

    def boolean(self, key: str) -> bool:
        value = self._get(key)
        if not isinstance(value, bool):
            raise self.fail(key, "expected true or false.")
        return value

    def moment(self, key: str) -> datetime:
        value = self.text(key)
        try:
            moment = datetime.fromisoformat(value)
        except ValueError as error:
            raise self.fail(key, f"“{value}” is not an ISO 8601 date and time.") from error
        if moment.tzinfo is None:
            raise self.fail(key, f"“{value}” has no time zone offset.")
        return moment

    def optional_moment(self, key: str) -> datetime | None:
        return None if self._get(key) is None else self.moment(key)

    def value(self, key: str) -> Any:
        return self._get(key)

    def records(self, key: str) -> list["Record"]:
        return records(self._get(key), f"{self.where}.{key}")


def records(value: object, where: str) -> list[Record]:
    if not isinstance(value, list):
        raise ArchiveError(f"{where}: expected a list.")
    return [Record(item, f"{where}[{index}]") for index, item in enumerate(value)]


def moment(value: datetime | None) -> str | None:
    """Timestamps as ISO 8601 in UTC, microseconds included, so they round-trip exactly."""
    return None if value is None else value.astimezone(UTC).isoformat()


def check(instance: models.Model, where: str, exclude: Iterable[str] = ()) -> None:
    """Validate field values (lengths, choices, time zones) with the model's own validators.

    Uniqueness is left to the database, which checks it without a query per row.
    """
    try:
        instance.full_clean(
            exclude=list(exclude), validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        problems = "; ".join(
            f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()
        )
        raise ArchiveError(f"{where}: {problems}") from error


# Contexts handed to sections -----------------------------------------------------------------


@dataclass
class ExportContext:
    community: Community
    people: dict[int, User] = field(default_factory=dict)

    def person(self, user: User | None) -> str | None:
        """Refer to a person by email, and remember to include their profile."""
        if user is None:
            return None
        self.people[user.pk] = user
        return user.email.lower()


@dataclass
class ImportContext:
    users: dict[str, User] = field(default_factory=dict)  # by lower-cased email
    groups: dict[str, Group] = field(default_factory=dict)  # by slug
    created_users: int = 0
    tick: Callable[[], None] = lambda: None
    _community: Community | None = None

    @property
    def community(self) -> Community:
        if self._community is None:
            raise ArchiveError("The “community” section must come before the others.")
        return self._community

    @community.setter
    def community(self, value: Community) -> None:
        self._community = value

    def person(self, record: Record, key: str) -> User:
        email = record.text(key).strip().lower()
        user = self.users.get(email)
        if user is None:
            raise record.fail(key, f"“{email}” is not in the archive's “people” list.")
        return user

    def optional_person(self, record: Record, key: str) -> User | None:
        return None if record.value(key) is None else self.person(record, key)

    def group(self, record: Record, key: str) -> Group:
        slug = record.text(key)
        group = self.groups.get(slug)
        if group is None:
            raise record.fail(key, f"there is no group “{slug}” in the archive.")
        return group

    def optional_group(self, record: Record, key: str) -> Group | None:
        return None if record.value(key) is None else self.group(record, key)


# Sections ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    """One part of the archive.

    `export` returns JSON-ready data in a stable order (sorted by natural keys, never by
    database id), so two exports of the same data are byte-identical. `restore` reads it back.
    """

    key: str
    export: Callable[[ExportContext], Any]
    restore: Callable[[ImportContext, Any, str], None]


_registered: list[Section] = []


def register(section: Section) -> None:
    if section.key in {s.key for s in sections()} | {PEOPLE, "format", "version"}:
        raise ValueError(f"An archive section called {section.key!r} exists already.")
    _registered.append(section)


def sections() -> list[Section]:
    # Imported here: the communities' sections use the helpers above.
    from .archive_communities import SECTIONS

    return [*SECTIONS, *_registered]


# Export --------------------------------------------------------------------------------------


def export_community(
    community: Community, *, tick: Callable[[], None] | None = None
) -> dict[str, Any]:
    context = ExportContext(community)
    body = {}
    for section in sections():
        body[section.key] = section.export(context)
        if tick:
            tick()
    return {"format": FORMAT, "version": VERSION, PEOPLE: _export_people(context), **body}


def _export_people(context: ExportContext) -> list[dict[str, Any]]:
    users = sorted(context.people.values(), key=lambda user: user.email.lower())
    verified = set(
        EmailAddress.objects.filter(user__in=users, verified=True)
        .annotate(address=Lower("email"))
        .values_list("user_id", "address")
    )
    # Password hashes, staff flags and login history stay behind: they belong to this server.
    return [
        {
            "email": user.email.lower(),
            "display_name": user.display_name,
            "pronouns": user.pronouns,
            "bio": user.bio,
            "time_zone": user.time_zone,
            "availability": list(user.availability),
            "email_verified": (user.pk, user.email.lower()) in verified,
        }
        for user in users
    ]


# A list of whole numbers spread over lines by json.dumps. JSON strings cannot hold a raw newline,
# so this can only match structure, never text inside a value.
_NUMBER_LIST = re.compile(r"\[\n\s+(-?\d+(?:,\n\s+-?\d+)*)\n\s*\]")


def dumps(document: dict[str, Any]) -> str:
    """Indented JSON, with lists of numbers (availability slots) kept on one line."""
    text = json.dumps(document, indent=2, ensure_ascii=False)
    text = _NUMBER_LIST.sub(lambda match: "[" + re.sub(r",\n\s+", ", ", match[1]) + "]", text)
    return text + "\n"


# Import --------------------------------------------------------------------------------------


def record_count(data: object) -> int:
    """How many records (objects in lists, at any depth) an archive holds, plus the community.

    Restoring ticks once per record, so this sizes a progress bar.
    """

    def count(value: object) -> int:
        if isinstance(value, dict):
            return sum(count(item) for item in value.values())
        if isinstance(value, list):
            return sum(isinstance(item, dict) + count(item) for item in value)
        return 0

    return 1 + count(data)


def import_community(data: object, *, tick: Callable[[], None] | None = None) -> Community:
    """Restore an archive; raise ArchiveError (and write nothing) if it cannot be restored.

    People who already have an account here (same email) are reused as they are; everyone else
    gets a new account without a password, and sets one through "forgot password".
    """
    return restore(data, tick=tick).community


def restore(data: object, *, tick: Callable[[], None] | None = None) -> ImportContext:
    """`import_community`, returning what was restored (the community, people, groups)."""
    document = Record(data, "archive")
    _check_format(document)
    known = {section.key for section in sections()}
    unknown = sorted(set(document.data) - known - {"format", "version", PEOPLE})
    if unknown:
        # Refuse rather than drop data this installation cannot store.
        raise ArchiveError(
            "The archive has parts this installation of Murmuration does not know: "
            f"{', '.join(unknown)}. Upgrade Murmuration and try again."
        )
    context = ImportContext(tick=tick or (lambda: None))
    try:
        with transaction.atomic():
            _import_people(context, document.records(PEOPLE))
            for section in sections():
                if section.key in document.data:
                    section.restore(context, document.data[section.key], section.key)
                elif section.key == "community":
                    raise ArchiveError("archive: the “community” section is missing.")
    except IntegrityError as error:
        raise ArchiveError(
            f"The archive contradicts itself or data already here ({error})."
        ) from error
    return context


def _check_format(document: Record) -> None:
    if document.data.get("format") != FORMAT:
        raise ArchiveError("This is not a Murmuration community archive.")
    version = document.data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ArchiveError("archive.version: expected a whole number of at least 1.")
    if version > VERSION:
        raise ArchiveError(
            f"The archive was made by a newer Murmuration (format version {version}; this one "
            f"reads up to {VERSION}). Upgrade Murmuration and try again."
        )


def _import_people(context: ImportContext, people: list[Record]) -> None:
    emails = [person.text("email").strip().lower() for person in people]
    existing: dict[str, User] = {
        user.email.lower(): user
        for user in User.objects.annotate(address=Lower("email")).filter(address__in=emails)
    }
    for person, email in zip(people, emails, strict=True):
        if email in context.users:
            raise person.fail("email", f"“{email}” appears twice in “people”.")
        user = existing.get(email)
        if user is None:
            user = _create_person(person, email)
            context.created_users += 1
        context.users[email] = user
        context.tick()


def _create_person(person: Record, email: str) -> User:
    availability = person.value("availability")
    user = User(
        email=email,
        display_name=person.text("display_name"),
        pronouns=person.text("pronouns"),
        bio=person.text("bio"),
        time_zone=person.text("time_zone"),
        availability=availability,
    )
    # No password travels in an archive; people set one through "forgot password".
    user.set_unusable_password()
    check(user, person.where, exclude=["password"])
    user.save()
    EmailAddress.objects.create(
        user=user, email=email, verified=person.boolean("email_verified"), primary=True
    )
    return user
