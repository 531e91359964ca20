"""Running a retrospective: items, grouping, dot votes, actions, and the phases between them.

Only the group's current members take part (and read it): hosts are refused like anyone else
outside the pod. Votes are counted under a lock on the retrospective's row, so concurrent dots
from one person never go past their allowance, and a unique constraint keeps a dot from counting
twice on one item.
"""

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from murmuration.accounts.models import User
from murmuration.communities.permissions import Viewer
from murmuration.errors import ActionError, Conflict, NotFound
from murmuration.rhythms import permissions as rhythm_perms
from murmuration.rhythms.actions.common import clean_text, lock_session, person_in_group
from murmuration.rhythms.models import Practice, Session

from .. import formats
from .. import permissions as perms
from ..models import (
    ACTION_MAX,
    DEFAULT_VOTES,
    ITEM_MAX,
    MAX_VOTES,
    Commitment,
    RetroAction,
    RetroItem,
    Retrospective,
    RetroVote,
)
from ..progress import local_day
from .common import RETRO_PRIVATE, Actor, clean_date, lock_retro, require, signed_in

Phase = Retrospective.Phase


def _commitment_of(session: Session) -> Commitment | None:
    """The commitment this session counts towards, if any: the latest begun on its rhythm."""
    day = local_day(session, session.rhythm.time_zone)
    return (
        Commitment.objects.filter(group_id=session.group_id, starts_on__lte=day)
        .exclude(status=Commitment.Status.PROPOSED)
        .filter(Q(rhythm_id=session.rhythm_id) | Q(rhythm__isnull=True))
        .order_by("-starts_on", "-pk")
        .first()
    )


def _clean_format(practice: Practice | None, viewer: Viewer) -> Practice | None:
    if practice is None:
        return None
    if not practice.is_retrospective or not rhythm_perms.can_see_practice(viewer, practice):
        raise ActionError(_("Choose a retrospective practice from the library."), field="practice")
    return practice


def _clean_votes(votes_each: object) -> int:
    if isinstance(votes_each, bool) or not isinstance(votes_each, int):
        raise ActionError(_("Give the votes each as a whole number."), field="votes_each")
    if not 1 <= votes_each <= MAX_VOTES:
        raise ActionError(
            _("Each person gets 1 to %(max)d votes.") % {"max": MAX_VOTES}, field="votes_each"
        )
    return votes_each


@transaction.atomic
def start_retro(
    user: Actor,
    session: Session,
    *,
    practice: Practice | None = None,
    votes_each: int = DEFAULT_VOTES,
) -> Retrospective:
    """Make any session a retrospective, in a format from the practice library."""
    session = lock_session(session)
    viewer = require(user, session.group, perms.can_read_retro, str(RETRO_PRIVATE))
    if session.is_cancelled:
        raise ActionError(_("This session was cancelled."))
    if Retrospective.objects.filter(session=session).exists():
        raise Conflict(_("This session already has a retrospective."))
    chosen = _clean_format(practice, viewer)
    if chosen is None:
        chosen = Practice.objects.filter(community=None, slug=formats.CLASSIC).first()
    return Retrospective.objects.create(
        session=session,
        group=session.group,
        commitment=_commitment_of(session),
        practice=chosen,
        votes_each=_clean_votes(votes_each),
        created_by=signed_in(user),
    )


def _retro_for(user: Actor, retro: Retrospective) -> Retrospective:
    retro = lock_retro(retro)
    require(user, retro.group, perms.can_read_retro, str(RETRO_PRIVATE))
    return retro


def _in_phase(retro: Retrospective, *phases: str) -> None:
    if retro.phase in phases:
        return
    if retro.is_closed:
        raise ActionError(_("This retrospective is done."))
    messages: dict[str, str] = {
        Phase.COLLECT: _("Items are added and grouped before the vote."),
        Phase.VOTE: _("Voting is open only during the vote."),
        Phase.ACT: _("Actions are agreed after the vote."),
    }
    raise ActionError(messages.get(phases[0], _("Not in this phase.")))


def columns_of(retro: Retrospective) -> list[str]:
    practice = retro.practice
    if practice is None:
        return formats.column_keys(None)
    return formats.column_keys(practice.slug, builtin=practice.is_builtin)


@transaction.atomic
def set_phase(
    user: Actor, retro: Retrospective, phase: str, *, expected: str | None = None
) -> Retrospective:
    """Move the retro on (or back a step); once done it stays done.

    Pages send the phase they showed as `expected`, so two people pressing "next" at once
    move it one step, not two.
    """
    retro = _retro_for(user, retro)
    if phase not in Phase.values:
        raise ActionError(_("Choose one of the retrospective's phases."), field="phase")
    if expected is not None and expected != retro.phase:
        raise Conflict(_("Someone else moved the retrospective on already."))
    if retro.is_closed and phase != Phase.CLOSED:
        raise ActionError(_("This retrospective is done."))
    if phase != retro.phase:
        retro.phase = phase
        retro.phase_changed_at = timezone.now()
        retro.save(update_fields=["phase", "phase_changed_at"])
    return retro


@transaction.atomic
def set_format(
    user: Actor, retro: Retrospective, practice: Practice | None, votes_each: int | None = None
) -> Retrospective:
    """Change the format while the board is empty, and the votes each before the vote."""
    retro = lock_retro(retro)
    viewer = require(user, retro.group, perms.can_read_retro, str(RETRO_PRIVATE))
    if practice is not None and practice.pk != retro.practice_id:
        if retro.items.exists():
            raise ActionError(
                _("The format can change only while there are no items."), field="practice"
            )
        retro.practice = _clean_format(practice, viewer)
    if votes_each is not None:
        _in_phase(retro, Phase.COLLECT)
        retro.votes_each = _clean_votes(votes_each)
    retro.save(update_fields=["practice", "votes_each"])
    return retro


@transaction.atomic
def add_item(
    user: Actor, retro: Retrospective, column: str, text: str, *, anonymous: bool = False
) -> RetroItem:
    retro = _retro_for(user, retro)
    _in_phase(retro, Phase.COLLECT)
    if column not in columns_of(retro):
        raise ActionError(_("Choose one of the retrospective's columns."), field="column")
    text = clean_text(text, field="text", limit=ITEM_MAX, label=_("an item"))
    return RetroItem.objects.create(
        retro=retro, column=column, text=text, author=signed_in(user), anonymous=bool(anonymous)
    )


def _item(retro: Retrospective, item_id: int, field: str) -> RetroItem:
    item = RetroItem.objects.filter(pk=item_id, retro=retro).first()
    if item is None:
        raise ActionError(_("That item is not in this retrospective."), field=field)
    return item


@transaction.atomic
def remove_item(user: Actor, item: RetroItem) -> None:
    """Take back an item you wrote, while items are still being collected."""
    retro = _retro_for(user, item.retro)
    _in_phase(retro, Phase.COLLECT)
    item = _item(retro, item.pk, "item")
    if item.author_id != signed_in(user).pk:
        raise ActionError(_("Only the person who wrote an item can take it back."), field="item")
    RetroItem.objects.filter(parent=item).update(parent=None)
    item.delete()


@transaction.atomic
def group_items(user: Actor, item: RetroItem, under: RetroItem | None) -> RetroItem:
    """Put `item` (and anything grouped under it) under `under`'s group; None ungroups it.

    Votes follow to the head of the group; a person's second dot there is given back.
    """
    retro = _retro_for(user, item.retro)
    _in_phase(retro, Phase.COLLECT)
    item = _item(retro, item.pk, "item")
    if under is None:
        item.parent = None
        item.save(update_fields=["parent"])
        return item
    head = _item(retro, under.pk, "under")
    if head.parent_id is not None:
        head = _item(retro, head.parent_id, "under")
    if head.pk == item.pk:
        raise ActionError(_("An item cannot be grouped with itself."), field="under")
    moving = [item.pk, *RetroItem.objects.filter(parent=item).values_list("pk", flat=True)]
    RetroItem.objects.filter(pk__in=moving).update(parent=head)
    already = set(RetroVote.objects.filter(item=head).values_list("voter_id", flat=True))
    for vote in RetroVote.objects.filter(item_id__in=moving).order_by("pk"):
        if vote.voter_id in already:
            vote.delete()
        else:
            vote.item = head
            vote.save(update_fields=["item"])
            already.add(vote.voter_id)
    item.refresh_from_db()
    return item


@transaction.atomic
def vote(user: Actor, item: RetroItem) -> RetroVote:
    retro = _retro_for(user, item.retro)
    _in_phase(retro, Phase.VOTE)
    item = _item(retro, item.pk, "item")
    if item.parent_id is not None:
        raise ActionError(_("Vote for the group this item is in."), field="item")
    voter = signed_in(user)
    # The retro row is locked, so this count cannot change before the insert below.
    used = RetroVote.objects.filter(retro=retro, voter=voter).count()
    if used >= retro.votes_each:
        raise ActionError(
            _("You have used all %(n)d of your votes. Take one back to vote for this.")
            % {"n": retro.votes_each},
            field="item",
        )
    try:
        with transaction.atomic():
            return RetroVote.objects.create(retro=retro, item=item, voter=voter)
    except IntegrityError as error:
        raise Conflict(_("You have already voted for this item."), field="item") from error


@transaction.atomic
def unvote(user: Actor, item: RetroItem) -> None:
    retro = _retro_for(user, item.retro)
    _in_phase(retro, Phase.VOTE)
    deleted, _detail = RetroVote.objects.filter(
        retro=retro, item_id=item.pk, voter=signed_in(user)
    ).delete()
    if not deleted:
        raise NotFound(_("You have not voted for this item."))


@transaction.atomic
def add_action(
    user: Actor,
    retro: Retrospective,
    *,
    text: str,
    owner: User | None,
    due_on: date | str,
    item: RetroItem | None = None,
) -> RetroAction:
    """Turn an item (usually one of the most voted) into an action with an owner and a date."""
    retro = _retro_for(user, retro)
    _in_phase(retro, Phase.ACT)
    if item is not None:
        item = _item(retro, item.pk, "item")
    text = clean_text(
        text or (item.text if item else ""), field="text", limit=ACTION_MAX, label=_("the action")
    )
    if owner is None:
        raise ActionError(_("Choose who looks after this action."), field="owner")
    person_in_group(retro.group, owner, field="owner")
    due = clean_date(due_on, field="due_on")
    return RetroAction.objects.create(
        retro=retro,
        group=retro.group,
        item=item,
        text=text,
        owner=owner,
        due_on=due,
        created_by=signed_in(user),
    )


@transaction.atomic
def set_action_done(user: Actor, action: RetroAction, done: bool = True) -> RetroAction:
    """Mark an action done (or not done after all); any member of the group may."""
    action = (
        RetroAction.objects.select_for_update(of=("self",))
        .select_related("group", "group__community")
        .filter(pk=action.pk)
        .first()
    ) or _missing_action()
    require(user, action.group, perms.can_read_retro, str(RETRO_PRIVATE))
    action.done_at = timezone.now() if done else None
    action.save(update_fields=["done_at"])
    return action


def _missing_action() -> RetroAction:
    raise NotFound(_("Action not found."))
