"""The communities app's archive sections: community, purpose, members, groups, invitations and
join requests.

Restoring writes rows directly rather than through the action functions: actions record new
events as happening now, by a person with permission, while an archive replays history exactly
as it was (who wrote which purpose version, when someone joined, which invitations were used).
Every value is still checked with the models' validators before it is saved.
"""

import json
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.db import models

from murmuration.accounts.models import User
from murmuration.communities.models import (
    Community,
    Group,
    GroupMembership,
    Invitation,
    JoinRequest,
    Membership,
    PurposeVersion,
)

from .archive import (
    ArchiveError,
    ExportContext,
    ImportContext,
    Record,
    Section,
    check,
    moment,
    records,
)

Row = TypeVar("Row", bound=models.Model)

# Community ---------------------------------------------------------------------------------


def export_community_fields(context: ExportContext) -> dict[str, Any]:
    community = context.community
    return {
        "slug": community.slug,
        "name": community.name,
        "purpose": community.purpose,
        "visibility": community.visibility,
        "join_policy": community.join_policy,
        "created_at": moment(community.created_at),
    }


def restore_community(context: ImportContext, value: Any, where: str) -> None:
    record = Record(value, where)
    slug = record.text("slug")
    if Community.objects.filter(slug=slug).exists():
        raise ArchiveError(
            f"A community with the address “{slug}” already exists here. "
            "An archive is restored only into a database that does not have it yet."
        )
    community = Community(
        slug=slug,
        name=record.text("name"),
        purpose=record.text("purpose"),
        visibility=record.text("visibility"),
        join_policy=record.text("join_policy"),
        created_at=record.moment("created_at"),
    )
    check(community, where)
    community.save()
    context.community = community
    context.tick()


# Purpose versions (the community's own; groups carry theirs) --------------------------------


def _export_versions(
    context: ExportContext, versions: Iterable[PurposeVersion]
) -> list[dict[str, Any]]:
    return [
        {
            "number": version.number,
            "text": version.text,
            "note": version.note,
            "author": context.person(version.author),
            "created_at": moment(version.created_at),
        }
        for version in sorted(versions, key=lambda version: version.number)
    ]


def export_purpose_versions(context: ExportContext) -> list[dict[str, Any]]:
    versions = PurposeVersion.objects.filter(
        community=context.community, group=None
    ).select_related("author")
    return _export_versions(context, versions)


def _restore_versions(
    context: ImportContext, items: list[Record], group: Group | None = None
) -> None:
    numbers: set[int] = set()
    for record in items:
        number = record.integer("number")
        if number in numbers:
            raise record.fail("number", f"version {number} appears twice.")
        numbers.add(number)
        version = PurposeVersion(
            community=context.community,
            group=group,
            number=number,
            text=record.text("text"),
            note=record.text("note"),
            author=context.optional_person(record, "author"),
            created_at=record.moment("created_at"),
        )
        check(version, record.where, exclude=["community", "group", "author"])
        version.save()
        context.tick()


def restore_purpose_versions(context: ImportContext, value: Any, where: str) -> None:
    _restore_versions(context, records(value, where))


# Members -----------------------------------------------------------------------------------


def export_members(context: ExportContext) -> list[dict[str, Any]]:
    memberships = Membership.objects.filter(community=context.community).select_related("user")
    rows = [
        {
            "person": context.person(membership.user),
            "role": membership.role,
            "joined_at": moment(membership.joined_at),
        }
        for membership in memberships
    ]
    return sorted(rows, key=lambda row: row["person"])


def restore_members(context: ImportContext, value: Any, where: str) -> None:
    seen: set[int] = set()

    def membership(record: Record) -> Membership:
        return Membership(
            community=context.community,
            user=_unique_person(context, record, seen),
            role=record.text("role"),
            joined_at=record.moment("joined_at"),
        )

    _restore_rows(context, records(value, where), Membership, membership, ["community", "user"])


def _unique_person(context: ImportContext, record: Record, seen: set[int]) -> User:
    """The record's person, refused when an earlier record of the same list names them too."""
    user = context.person(record, "person")
    if user.pk in seen:
        raise record.fail("person", f"{user.email} is listed twice.")
    seen.add(user.pk)
    return user


def _restore_rows(
    context: ImportContext,
    items: list[Record],
    model: type[Row],
    build: Callable[[Record], Row],
    exclude: list[str],
) -> None:
    """Build a row from every record, check its values, then save them all in one query."""
    batch = []
    for record in items:
        row = build(record)
        check(row, record.where, exclude=exclude)
        batch.append(row)
        context.tick()
    model._default_manager.bulk_create(batch)


# Groups ------------------------------------------------------------------------------------


def export_groups(context: ExportContext) -> list[dict[str, Any]]:
    groups = (
        Group.objects.filter(community=context.community)
        .select_related("parent", "caller")
        .order_by("slug")
    )
    members: dict[int, list[GroupMembership]] = {}
    for membership in GroupMembership.objects.filter(
        group__community=context.community
    ).select_related("user"):
        members.setdefault(membership.group_id, []).append(membership)
    versions: dict[int, list[PurposeVersion]] = {}
    for version in PurposeVersion.objects.filter(
        community=context.community, group__isnull=False
    ).select_related("author"):
        assert version.group_id is not None
        versions.setdefault(version.group_id, []).append(version)
    return [
        {
            "slug": group.slug,
            "name": group.name,
            "parent": group.parent.slug if group.parent else None,
            "purpose": group.purpose,
            "caller": context.person(group.caller),
            "join_policy": group.join_policy,
            "is_private": group.is_private,
            "intended_band": group.intended_band,
            "created_at": moment(group.created_at),
            "members": sorted(
                (
                    {"person": context.person(m.user), "joined_at": moment(m.joined_at)}
                    for m in members.get(group.pk, [])
                ),
                key=lambda row: row["person"] or "",
            ),
            "purpose_versions": _export_versions(context, versions.get(group.pk, [])),
        }
        for group in groups
    ]


def restore_groups(context: ImportContext, value: Any, where: str) -> None:
    items = records(value, where)
    by_slug: dict[str, Record] = {}
    for record in items:
        slug = record.text("slug")
        if slug in by_slug:
            raise record.fail("slug", f"“{slug}” is used by two groups.")
        by_slug[slug] = record
    for record in items:
        _restore_group(context, record, by_slug, set())
    for record in items:
        group = context.groups[record.text("slug")]
        _restore_group_members(context, group, record.records("members"))
        _restore_versions(context, record.records("purpose_versions"), group)


def _restore_group(
    context: ImportContext, record: Record, by_slug: dict[str, Record], path: set[str]
) -> Group:
    """Create a group after its parent, whatever order the archive lists them in."""
    slug = record.text("slug")
    if slug in context.groups:
        return context.groups[slug]
    if slug in path:
        raise record.fail("parent", "groups cannot be nested inside themselves.")
    parent_slug = record.optional_text("parent")
    parent = None
    if parent_slug is not None:
        if parent_slug not in by_slug:
            raise record.fail("parent", f"there is no group “{parent_slug}” in the archive.")
        parent = _restore_group(context, by_slug[parent_slug], by_slug, path | {slug})
    group = Group(
        community=context.community,
        parent=parent,
        slug=slug,
        name=record.text("name"),
        purpose=record.text("purpose"),
        caller=context.optional_person(record, "caller"),
        join_policy=record.text("join_policy"),
        is_private=record.boolean("is_private"),
        intended_band=record.text("intended_band"),
        created_at=record.moment("created_at"),
    )
    check(group, record.where, exclude=["community", "parent", "caller"])
    group.save()
    context.groups[slug] = group
    context.tick()
    return group


def _restore_group_members(context: ImportContext, group: Group, items: list[Record]) -> None:
    seen: set[int] = set()
    batch = []
    for record in items:
        user = _unique_person(context, record, seen)
        batch.append(GroupMembership(group=group, user=user, joined_at=record.moment("joined_at")))
        context.tick()
    GroupMembership.objects.bulk_create(batch)


# Invitations -------------------------------------------------------------------------------


def export_invitations(context: ExportContext) -> list[dict[str, Any]]:
    # Tokens are included so that links already sent keep working after a move to another
    # server. Revoked, expired and used-up links keep theirs too: they cannot let anyone in,
    # and keeping them makes the round trip exact.
    invitations = Invitation.objects.filter(community=context.community).select_related(
        "created_by"
    )
    rows = [
        {
            "token": invitation.token,
            "email": invitation.email,
            "created_by": context.person(invitation.created_by),
            "created_at": moment(invitation.created_at),
            "expires_at": moment(invitation.expires_at),
            "max_uses": invitation.max_uses,
            "uses": invitation.uses,
            "revoked_at": moment(invitation.revoked_at),
        }
        for invitation in invitations
    ]
    return sorted(rows, key=lambda row: (row["created_at"], row["token"]))


def restore_invitations(context: ImportContext, value: Any, where: str) -> None:
    def invitation(record: Record) -> Invitation:
        row = Invitation(
            community=context.community,
            token=record.text("token"),
            email=record.text("email"),
            created_by=context.optional_person(record, "created_by"),
            created_at=record.moment("created_at"),
            expires_at=record.moment("expires_at"),
            max_uses=record.integer("max_uses"),
            uses=record.integer("uses"),
            revoked_at=record.optional_moment("revoked_at"),
        )
        if not row.token or row.uses > row.max_uses:
            raise ArchiveError(f"{record.where}: needs a token and at most max_uses uses.")
        return row

    _restore_rows(
        context, records(value, where), Invitation, invitation, ["community", "created_by"]
    )


# Join requests -----------------------------------------------------------------------------


def export_join_requests(context: ExportContext) -> list[dict[str, Any]]:
    requests = JoinRequest.objects.filter(community=context.community).select_related(
        "user", "group", "decided_by"
    )
    rows = [
        {
            "person": context.person(request.user),
            "group": request.group.slug if request.group else None,
            "direction": request.direction,
            "message": request.message,
            "status": request.status,
            "created_at": moment(request.created_at),
            "decided_by": context.person(request.decided_by),
            "decided_at": moment(request.decided_at),
        }
        for request in requests
    ]
    # Requests have no natural key; the whole row, serialised, makes the order total.
    return sorted(rows, key=lambda row: (row["created_at"], json.dumps(row, sort_keys=True)))


def restore_join_requests(context: ImportContext, value: Any, where: str) -> None:
    def join_request(record: Record) -> JoinRequest:
        return JoinRequest(
            community=context.community,
            group=context.optional_group(record, "group"),
            user=context.person(record, "person"),
            direction=record.text("direction"),
            message=record.text("message"),
            status=record.text("status"),
            created_at=record.moment("created_at"),
            decided_by=context.optional_person(record, "decided_by"),
            decided_at=record.optional_moment("decided_at"),
        )

    exclude = ["community", "group", "user", "decided_by"]
    _restore_rows(context, records(value, where), JoinRequest, join_request, exclude)


# "community" must stay first: every other section belongs to it.
SECTIONS = [
    Section("community", export_community_fields, restore_community),
    Section("purpose_versions", export_purpose_versions, restore_purpose_versions),
    Section("members", export_members, restore_members),
    Section("groups", export_groups, restore_groups),
    Section("invitations", export_invitations, restore_invitations),
    Section("join_requests", export_join_requests, restore_join_requests),
]
