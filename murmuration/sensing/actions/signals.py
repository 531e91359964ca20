"""Posting a signal and raising it to the scale above."""

import re
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from murmuration.communities.models import Community, Group
from murmuration.errors import ActionError, NotAllowed, NotFound

from .. import patterns
from .. import permissions as perms
from ..models import TAG_MAX, TAGS_MAX, TEXT_MAX, Signal
from ..tasks import recompute_after_commit
from .common import Actor, clean_text, scope_viewer, signed_in

TAG_SPLIT = re.compile(r"[,#\s]+")


def clean_tags(tags: str | Iterable[str]) -> list[str]:
    """Tags from a list or from text like "kitchen, #rota"; lower case, no repeats."""
    words = TAG_SPLIT.split(tags) if isinstance(tags, str) else list(tags)
    cleaned: list[str] = []
    for word in words:
        tag = str(word).strip().lstrip("#").lower()
        if tag and tag not in cleaned:
            cleaned.append(tag)
    if len(cleaned) > TAGS_MAX:
        raise ActionError(
            _("A signal can have at most %(max)d tags; this has %(n)d.")
            % {"max": TAGS_MAX, "n": len(cleaned)},
            field="tags",
        )
    for tag in cleaned:
        if len(tag) > TAG_MAX:
            raise ActionError(
                _("A tag can be at most %(max)d characters: “%(tag)s…” is longer.")
                % {"max": TAG_MAX, "tag": tag[:TAG_MAX]},
                field="tags",
            )
    return cleaned


def _clean_kind(kind: str) -> str:
    if kind not in Signal.Kind.values:
        raise ActionError(_("“%(value)s” is not a kind of signal.") % {"value": kind}, field="kind")
    return kind


@transaction.atomic
def post_signal(
    user: Actor,
    community: Community,
    text: str,
    *,
    group: Group | None = None,
    kind: str = Signal.Kind.OBSERVATION,
    tags: str | Iterable[str] = (),
) -> Signal:
    """Post a signal to the community or to a group the author is in; it joins the nearest
    pattern at once, and the scope is regrouped in the background."""
    author = signed_in(user)
    viewer = scope_viewer(user, community, group)
    if not perms.can_post(viewer, group):
        raise NotAllowed(_("Join the group to post signals in it."))
    text = clean_text(text, field="text", limit=TEXT_MAX, label=_("a signal"))
    kind = _clean_kind(kind or Signal.Kind.OBSERVATION)
    tags = clean_tags(tags)
    method, (vector,) = patterns.embed([text])
    signal = Signal(
        community=community,
        group=group,
        author=author,
        text=text,
        kind=kind,
        tags=tags,
        vector=vector,
        method=method,
    )
    signal.pattern = patterns.place(signal)
    signal.save()
    recompute_after_commit(community.pk, group.pk if group else None)
    return signal


@transaction.atomic
def raise_signal(user: Actor, signal: Signal) -> Signal:
    """Lift a group's signal to the group above (or the community): the author's choice."""
    signal = (
        Signal.objects.select_for_update(of=("self",))
        .select_related("community", "group", "group__parent")
        .filter(pk=signal.pk)
        .first()
    ) or _missing()
    viewer = scope_viewer(user, signal.community, signal.group)
    if signal.group is None:
        raise ActionError(_("This signal is already seen by the whole community."))
    if not perms.can_raise(viewer, signal):
        raise NotAllowed(_("Only the person who posted a signal can raise it."))
    old_group = signal.group
    signal.group = old_group.parent
    signal.pinned = False
    signal.raised_at = timezone.now()
    signal.pattern = patterns.place(signal)
    signal.save(update_fields=["group", "pinned", "raised_at", "pattern"])
    recompute_after_commit(signal.community_id, old_group.pk)
    recompute_after_commit(signal.community_id, signal.group_id)
    return signal


def _missing() -> Signal:
    raise NotFound(_("Signal not found."))
