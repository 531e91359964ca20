"""The cycles app's archive sections: commitments (who opted in, their bounds, status and
closing note, the chain of renewals, the sessions held at a review gate) and lineage.

What stays out, on purpose: retrospectives (items, votes, actions) and review choices. They are
what a pod shares inside itself, readable only by its current members (review choices only by
the person who made them), never by the community's hosts (DESIGN.md, privacy rule 1); a
community archive is made for the whole community, so it must not carry them. Restoring an
archive gives every commitment back at the point it had reached, without its retros.

Rhythms have no natural key, so a commitment names its rhythm by the rhythm's name and creation
moment within the group, as the rhythms section orders them, and held sessions by occurrence.
"""

from datetime import UTC, datetime
from typing import Any

from murmuration.cycles.models import Commitment, CommitmentMember, Lineage
from murmuration.rhythms.models import Rhythm, Session

from .archive import (
    ExportContext,
    ImportContext,
    Record,
    Section,
    check,
    moment,
    records,
    register,
)
from .archive_rhythms import _date, _optional_integer

# Commitments ---------------------------------------------------------------------------------


def _rhythm_ref(rhythm: Rhythm | None) -> dict[str, Any] | None:
    if rhythm is None:
        return None
    return {"name": rhythm.name, "created_at": moment(rhythm.created_at)}


def export_commitments(context: ExportContext) -> list[dict[str, Any]]:
    commitments = (
        Commitment.objects.filter(group__community=context.community)
        .select_related("group", "rhythm", "previous", "created_by")
        .prefetch_related("members__user")
    )
    held = {
        s.pk: s.occurrence
        for s in Session.objects.filter(
            pk__in=[pk for c in commitments for pk in c.held_sessions]
        ).only("pk", "occurrence")
    }
    rows = [
        {
            "group": c.group.slug,
            "rhythm": _rhythm_ref(c.rhythm),
            "starts_on": c.starts_on.isoformat(),
            "session_count": c.session_count,
            "ends_on": c.ends_on.isoformat() if c.ends_on else None,
            "status": c.status,
            "previous_created_at": moment(c.previous.created_at) if c.previous else None,
            "closing_note": c.closing_note,
            "created_by": context.person(c.created_by),
            "created_at": moment(c.created_at),
            "status_changed_at": moment(c.status_changed_at),
            "began_at": moment(c.began_at),
            "review_from": moment(c.review_from),
            "members": sorted(
                (
                    {"person": context.person(m.user), "joined_at": moment(m.joined_at)}
                    for m in c.members.all()
                ),
                key=lambda row: (row["joined_at"], row["person"]),
            ),
            "held_sessions": sorted(
                held[pk].astimezone(UTC).isoformat() for pk in c.held_sessions if pk in held
            ),
        }
        for c in commitments
    ]
    return sorted(rows, key=lambda row: (row["group"], row["created_at"], repr(row)))


def restore_commitments(context: ImportContext, value: Any, where: str) -> None:
    restored: dict[tuple[int, str], Commitment] = {}
    for record in records(value, where):
        group = context.group(record, "group")
        rhythm = _find_rhythm(record, group.pk)
        commitment = Commitment(
            group=group,
            rhythm=rhythm,
            starts_on=_date(record, "starts_on"),
            session_count=_optional_integer(record, "session_count"),
            ends_on=_date(record, "ends_on") if record.value("ends_on") is not None else None,
            status=record.text("status"),
            closing_note=record.text("closing_note"),
            created_by=context.optional_person(record, "created_by"),
            created_at=record.moment("created_at"),
            status_changed_at=record.moment("status_changed_at"),
            began_at=record.optional_moment("began_at"),
            review_from=record.optional_moment("review_from"),
        )
        previous = record.optional_moment("previous_created_at")
        if previous is not None:
            found = restored.get((group.pk, previous.isoformat()))
            if found is None:
                raise record.fail("previous_created_at", "no earlier commitment of the group.")
            commitment.previous = found
        check(commitment, record.where, exclude=["group", "rhythm", "previous", "created_by"])
        if commitment.session_count is None and commitment.ends_on is None:
            raise record.fail("session_count", "a commitment needs a number or a last date.")
        commitment.held_sessions = _held(record, rhythm)
        commitment.save()
        restored[(group.pk, commitment.created_at.isoformat())] = commitment
        members = []
        for row in record.records("members"):
            members.append(
                CommitmentMember(
                    commitment=commitment,
                    user=context.person(row, "person"),
                    joined_at=row.moment("joined_at"),
                )
            )
        CommitmentMember.objects.bulk_create(members)
        context.tick()


def _find_rhythm(record: Record, group_id: int) -> Rhythm | None:
    ref = record.value("rhythm")
    if ref is None:
        return None
    inner = Record(ref, f"{record.where}.rhythm")
    rhythm = Rhythm.objects.filter(
        group_id=group_id, name=inner.text("name"), created_at=inner.moment("created_at")
    ).first()
    if rhythm is None:
        raise record.fail("rhythm", "the group has no such rhythm in the archive.")
    return rhythm


def _held(record: Record, rhythm: Rhythm | None) -> list[int]:
    occurrences = record.value("held_sessions")
    if not isinstance(occurrences, list):
        raise record.fail("held_sessions", "expected a list.")
    if not occurrences:
        return []
    if rhythm is None:
        raise record.fail("held_sessions", "only a commitment with a rhythm holds sessions.")
    moments = []
    for text in occurrences:
        try:
            moments.append(datetime.fromisoformat(text))
        except (TypeError, ValueError) as error:
            raise record.fail("held_sessions", f"“{text}” is not a date and time.") from error
    found = dict(
        Session.objects.filter(rhythm=rhythm, occurrence__in=moments).values_list(
            "occurrence", "pk"
        )
    )
    if len(found) != len(set(moments)):
        raise record.fail("held_sessions", "names a session the rhythm does not have.")
    return [found[m] for m in moments]


# Lineage -------------------------------------------------------------------------------------


def export_lineage(context: ExportContext) -> list[dict[str, Any]]:
    links = Lineage.objects.filter(child__community=context.community).select_related(
        "child", "parent", "created_by"
    )
    rows = [
        {
            "child": link.child.slug,
            "parent": link.parent.slug,
            "kind": link.kind,
            "created_by": context.person(link.created_by),
            "created_at": moment(link.created_at),
        }
        for link in links
    ]
    return sorted(rows, key=lambda row: row["child"])


def restore_lineage(context: ImportContext, value: Any, where: str) -> None:
    batch = []
    children: set[int] = set()
    for record in records(value, where):
        link = Lineage(
            child=context.group(record, "child"),
            parent=context.group(record, "parent"),
            kind=record.text("kind"),
            created_by=context.optional_person(record, "created_by"),
            created_at=record.moment("created_at"),
        )
        if link.child_id == link.parent_id:
            raise record.fail("parent", "a group cannot grow from itself.")
        if link.child_id in children:
            raise record.fail("child", "a group grows from one other at most.")
        children.add(link.child_id)
        check(link, record.where, exclude=["child", "parent", "created_by"])
        batch.append(link)
        context.tick()
    Lineage.objects.bulk_create(batch)


# Commitments refer to rhythms and sessions, so these come after the rhythms' sections.
register(Section("commitments", export_commitments, restore_commitments))
register(Section("lineage", export_lineage, restore_lineage))
