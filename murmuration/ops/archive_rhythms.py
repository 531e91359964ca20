"""The rhythms app's archive sections: the community's own practices, and every group's rhythms
with their facilitation rotation and sessions (time, status, facilitator, practice, roles, the
runner's state, RSVPs and attendance).

What stays out, on purpose: session notes and check-ins. They are what a pod shares inside
itself, readable only by the pod's current members, and not by the community's hosts (DESIGN.md,
privacy rule 1). A community archive is made for the whole community by whoever runs the
server, so it must not carry them; the rule's one exception, a member's own export of what they
wrote, is a different document. Restoring an archive therefore gives every session back without
its notes and check-ins. Calendar feed tokens stay out too: they are personal credentials, and
people make new ones in a moment.

Built-in practices are referred to by slug and are expected to exist wherever the archive is
restored (they come with the software); a community's own practices travel in full. Like the
communities' sections, restoring writes rows directly, not through actions, because it replays
history as it was; every value is checked first (time zones, rules, durations, practice files).
"""

from collections.abc import Iterable
from datetime import date, time
from typing import Any

from django.db.models import Prefetch

from murmuration.accounts.models import User
from murmuration.rhythms import recurrence
from murmuration.rhythms.models import (
    MAX_DURATION_MINUTES,
    Attendance,
    Practice,
    Rhythm,
    RotationMember,
    Session,
)
from murmuration.rhythms.practices import PracticeFileError, validate_practice

from .archive import (
    ArchiveError,
    ExportContext,
    ImportContext,
    Record,
    Section,
    check,
    moment,
    records,
    register,
)

# Practices -----------------------------------------------------------------------------------


def export_practices(context: ExportContext) -> list[dict[str, Any]]:
    practices = Practice.objects.filter(community=context.community).select_related("created_by")
    return [
        {
            "slug": practice.slug,
            "name": practice.name,
            "summary": practice.summary,
            "is_retrospective": practice.is_retrospective,
            "roles": practice.roles,
            "steps": practice.steps,
            "created_by": context.person(practice.created_by),
            "updated_at": moment(practice.updated_at),
        }
        for practice in sorted(practices, key=lambda p: p.slug)
    ]


def restore_practices(context: ImportContext, value: Any, where: str) -> None:
    seen: set[str] = set()
    batch = []
    for record in records(value, where):
        slug = record.text("slug")
        if slug in seen:
            raise record.fail("slug", f"“{slug}” is used by two practices.")
        seen.add(slug)
        fields = {
            key: record.value(key)
            for key in ("slug", "name", "summary", "is_retrospective", "roles", "steps")
        }
        try:
            clean = validate_practice(fields)
        except PracticeFileError as error:
            raise ArchiveError(f"{record.where}: {error.message}") from error
        practice = Practice(
            community=context.community,
            slug=slug,
            created_by=context.optional_person(record, "created_by"),
            updated_at=record.moment("updated_at"),
            **clean.model_fields(),
        )
        check(practice, record.where, exclude=["community", "created_by"])
        batch.append(practice)
        context.tick()
    Practice.objects.bulk_create(batch)


def _practice_ref(practice: Practice | None) -> dict[str, Any] | None:
    if practice is None:
        return None
    return {"slug": practice.slug, "builtin": practice.is_builtin}


class _Practices:
    """Practices an archive refers to: the built-ins here and the community's own."""

    def __init__(self, context: ImportContext) -> None:
        rows = Practice.objects.filter(community__isnull=True) | Practice.objects.filter(
            community=context.community
        )
        self.by_key = {(p.community_id is None, p.slug): p for p in rows}

    def find(self, record: Record, key: str) -> Practice | None:
        ref = record.value(key)
        if ref is None:
            return None
        inner = Record(ref, f"{record.where}.{key}")
        slug, builtin = inner.text("slug"), inner.boolean("builtin")
        practice = self.by_key.get((builtin, slug))
        if practice is None:
            kind = "built-in practice" if builtin else "practice in the archive"
            raise record.fail(key, f"there is no {kind} “{slug}”.")
        return practice


# Rhythms, rotation and sessions --------------------------------------------------------------


def export_rhythms(context: ExportContext) -> list[dict[str, Any]]:
    sessions = Session.objects.select_related("facilitator", "practice").prefetch_related(
        Prefetch("attendance", queryset=Attendance.objects.select_related("user"))
    )
    rhythms = (
        Rhythm.objects.filter(group__community=context.community)
        .select_related("group", "practice", "created_by")
        .prefetch_related(
            Prefetch("rotation", queryset=RotationMember.objects.select_related("user")),
            Prefetch("sessions", queryset=sessions),
        )
    )
    holders = _role_holders(rhythms)
    rows = [
        {
            "group": rhythm.group.slug,
            "name": rhythm.name,
            "category": rhythm.category,
            "recurrence": rhythm.rrule,
            "start_date": rhythm.start_date.isoformat(),
            "start_time": rhythm.start_time.isoformat(),
            "time_zone": rhythm.time_zone,
            "duration_minutes": rhythm.duration_minutes,
            "location": rhythm.location,
            "practice": _practice_ref(rhythm.practice),
            "rotation_enabled": rhythm.rotation_enabled,
            "created_by": context.person(rhythm.created_by),
            "created_at": moment(rhythm.created_at),
            "ended_at": moment(rhythm.ended_at),
            "rotation": sorted(
                (
                    {"person": context.person(m.user), "joined_at": moment(m.joined_at)}
                    for m in rhythm.rotation.all()
                ),
                key=lambda row: (row["joined_at"], row["person"]),
            ),
            "sessions": [
                _export_session(context, session, holders)
                for session in sorted(rhythm.sessions.all(), key=lambda s: s.occurrence)
            ],
        }
        for rhythm in rhythms
    ]
    # Rhythms have no natural key; group, name and creation order them, the rest breaks ties.
    return sorted(rows, key=lambda row: (row["group"], row["name"], row["created_at"], repr(row)))


def _role_holders(rhythms: Iterable[Rhythm]) -> dict[int, User]:
    ids = {
        person
        for rhythm in rhythms
        for session in rhythm.sessions.all()
        for person in (session.roles or {}).values()
        if isinstance(person, int)
    }
    return {user.pk: user for user in User.objects.filter(pk__in=ids)} if ids else {}


def _export_session(
    context: ExportContext, session: Session, holders: dict[int, User]
) -> dict[str, Any]:
    roles = {
        role: context.person(holders[person])
        for role, person in sorted((session.roles or {}).items())
        if person in holders
    }
    attendance = [
        {
            "person": context.person(a.user),
            "rsvp": a.rsvp,
            "present": a.present,
            "updated_at": moment(a.updated_at),
        }
        for a in session.attendance.all()
    ]
    return {
        "occurrence": moment(session.occurrence),
        "starts_at": moment(session.starts_at),
        "duration_minutes": session.duration_minutes,
        "status": session.status,
        "facilitator": context.person(session.facilitator),
        "facilitator_fixed": session.facilitator_fixed,
        "practice": _practice_ref(session.practice),
        "roles": roles,
        "current_step": session.current_step,
        "step_started_at": moment(session.step_started_at),
        "finished_at": moment(session.finished_at),
        "sequence": session.sequence,
        "attendance": sorted(attendance, key=lambda row: row["person"] or ""),
    }


def restore_rhythms(context: ImportContext, value: Any, where: str) -> None:
    practices = _Practices(context)
    for record in records(value, where):
        rhythm = _restore_rhythm(context, practices, record)
        _restore_rotation(context, rhythm, record.records("rotation"))
        _restore_sessions(context, practices, rhythm, record.records("sessions"))


def _restore_rhythm(context: ImportContext, practices: _Practices, record: Record) -> Rhythm:
    time_zone = record.text("time_zone")
    rhythm = Rhythm(
        group=context.group(record, "group"),
        name=record.text("name"),
        category=record.text("category"),
        rrule=record.text("recurrence"),
        start_date=_date(record, "start_date"),
        start_time=_time(record, "start_time"),
        time_zone=time_zone,
        duration_minutes=_duration(record),
        location=record.text("location"),
        practice=practices.find(record, "practice"),
        rotation_enabled=record.boolean("rotation_enabled"),
        created_by=context.optional_person(record, "created_by"),
        created_at=record.moment("created_at"),
        ended_at=record.optional_moment("ended_at"),
    )
    check(rhythm, record.where, exclude=["group", "practice", "created_by"])
    # Checked after the zone (by `check`), because the rule's UNTIL is read in it.
    try:
        recurrence.parse(rhythm.rrule, time_zone)
    except recurrence.RecurrenceError as error:
        raise record.fail("recurrence", str(error)) from error
    rhythm.save()
    context.tick()
    return rhythm


def _restore_rotation(context: ImportContext, rhythm: Rhythm, items: list[Record]) -> None:
    seen: set[int] = set()
    batch = []
    for record in items:
        user = context.person(record, "person")
        if user.pk in seen:
            raise record.fail("person", f"{user.email} is listed twice.")
        seen.add(user.pk)
        batch.append(RotationMember(rhythm=rhythm, user=user, joined_at=record.moment("joined_at")))
        context.tick()
    RotationMember.objects.bulk_create(batch)


def _restore_sessions(
    context: ImportContext, practices: _Practices, rhythm: Rhythm, items: list[Record]
) -> None:
    sessions: list[Session] = []
    attendance: list[tuple[int, Attendance]] = []
    occurrences: set[str] = set()
    for record in items:
        occurrence = record.moment("occurrence")
        if occurrence.isoformat() in occurrences:
            raise record.fail("occurrence", "two sessions have the same occurrence.")
        occurrences.add(occurrence.isoformat())
        roles = Record(record.value("roles"), f"{record.where}.roles")
        session = Session(
            rhythm=rhythm,
            group_id=rhythm.group_id,
            occurrence=occurrence,
            starts_at=record.moment("starts_at"),
            duration_minutes=_duration(record),
            status=record.text("status"),
            facilitator=context.optional_person(record, "facilitator"),
            facilitator_fixed=record.boolean("facilitator_fixed"),
            practice=practices.find(record, "practice"),
            roles={role: context.person(roles, role).pk for role in roles.data},
            current_step=_optional_integer(record, "current_step"),
            step_started_at=record.optional_moment("step_started_at"),
            finished_at=record.optional_moment("finished_at"),
            sequence=record.integer("sequence"),
        )
        check(session, record.where, exclude=["rhythm", "group", "facilitator", "practice"])
        index = len(sessions)
        sessions.append(session)
        context.tick()
        seen: set[int] = set()
        for row in record.records("attendance"):
            user = context.person(row, "person")
            if user.pk in seen:
                raise row.fail("person", f"{user.email} is listed twice.")
            seen.add(user.pk)
            present = row.value("present")
            if present is not None and not isinstance(present, bool):
                raise row.fail("present", "expected true, false or null.")
            entry = Attendance(
                user=user,
                rsvp=row.text("rsvp"),
                present=present,
                updated_at=row.moment("updated_at"),
            )
            check(entry, row.where, exclude=["session", "user"])
            attendance.append((index, entry))
            context.tick()
    Session.objects.bulk_create(sessions)
    for index, entry in attendance:
        entry.session = sessions[index]
    Attendance.objects.bulk_create([entry for _index, entry in attendance])


# Reading values the archive module has no helper for -----------------------------------------


def _date(record: Record, key: str) -> date:
    text = record.text(key)
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise record.fail(key, f"“{text}” is not a date like 2026-01-31.") from error


def _time(record: Record, key: str) -> time:
    text = record.text(key)
    try:
        return time.fromisoformat(text)
    except ValueError as error:
        raise record.fail(key, f"“{text}” is not a time like 19:00:00.") from error


def _duration(record: Record) -> int:
    minutes = record.integer("duration_minutes")
    if not 0 < minutes <= MAX_DURATION_MINUTES:
        raise record.fail("duration_minutes", f"expected 1 to {MAX_DURATION_MINUTES} minutes.")
    return minutes


def _optional_integer(record: Record, key: str) -> int | None:
    return None if record.value(key) is None else record.integer(key)


# Practices come first: rhythms and sessions refer to them.
register(Section("practices", export_practices, restore_practices))
register(Section("rhythms", export_rhythms, restore_rhythms))
