"""A retrospective: items in the format's columns, grouping, dot votes, actions, phases."""

from datetime import timedelta

import pytest

from murmuration.cycles import actions
from murmuration.cycles.models import RetroAction, RetroItem, Retrospective, RetroVote
from murmuration.errors import ActionError, Conflict, NotAllowed, NotFound
from murmuration.rhythms.models import Practice

from .conftest import FIRST_TUESDAY, weekly


@pytest.fixture
def retro(pod, clock):
    session = weekly(pod).sessions.order_by("starts_at").first()
    return actions.start_retro(pod.ana, session)


def items(retro, pod, *texts, column="working"):
    return [actions.add_item(pod.ana, retro, column, text) for text in texts]


def test_any_session_can_be_a_retrospective_in_a_library_format(pod, clock):
    session = weekly(pod).sessions.order_by("starts_at")[2]
    four_ls = Practice.objects.get(community=None, slug="four-ls")
    retro = actions.start_retro(pod.ben, session, practice=four_ls)
    assert retro.practice == four_ls
    item = actions.add_item(pod.ben, retro, "longed", "More time to just talk")
    assert item.column == "longed"
    with pytest.raises(ActionError) as error:
        actions.add_item(pod.ben, retro, "working", "Not a 4 Ls column")
    assert error.value.field == "column"


def test_a_practice_that_is_not_a_retrospective_is_refused(pod, clock):
    session = weekly(pod).sessions.order_by("starts_at").first()
    clinic = Practice.objects.get(community=None, slug="case-clinic")
    with pytest.raises(ActionError) as error:
        actions.start_retro(pod.ana, session, practice=clinic)
    assert error.value.field == "practice"
    assert not Retrospective.objects.exists()


def test_a_session_holds_one_retrospective(pod, retro):
    with pytest.raises(Conflict):
        actions.start_retro(pod.ben, retro.session)


@pytest.mark.parametrize("persona", ["host", "member"])
def test_people_outside_the_pod_cannot_take_part(pod, retro, persona):
    person = getattr(pod.world, persona)
    with pytest.raises(NotAllowed, match="private"):
        actions.add_item(person, retro, "working", "Peeking")
    assert not RetroItem.objects.exists()


def test_an_item_too_long_is_refused_with_its_field(pod, retro):
    with pytest.raises(ActionError) as error:
        actions.add_item(pod.ana, retro, "working", "x" * 281)
    assert error.value.field == "text"
    assert not RetroItem.objects.exists()


def test_grouping_gathers_similar_items_under_one_and_votes_follow(pod, retro):
    a, b, c = items(retro, pod, "Walks", "Walking meetings", "Being outside")
    actions.group_items(pod.ben, b, a)
    actions.group_items(pod.ben, c, b)  # onto a grouped item: joins that item's group
    assert set(RetroItem.objects.filter(parent=a).values_list("pk", flat=True)) == {b.pk, c.pk}
    actions.group_items(pod.ben, c, None)
    assert RetroItem.objects.get(pk=c.pk).parent is None


def test_votes_move_with_a_regrouped_item_and_a_second_dot_is_given_back(pod, retro):
    a, b = items(retro, pod, "Walks", "Walking meetings")
    actions.set_phase(pod.ana, retro, "vote")
    actions.vote(pod.ben, a)
    actions.vote(pod.ben, b)
    actions.vote(pod.cai, b)
    actions.set_phase(pod.ana, retro, "collect")
    actions.group_items(pod.ana, b, a)
    assert sorted(RetroVote.objects.filter(item=a).values_list("voter_id", flat=True)) == sorted(
        [pod.ben.pk, pod.cai.pk]
    )
    assert RetroVote.objects.count() == 2


def test_an_item_cannot_be_grouped_with_itself(pod, retro):
    (a,) = items(retro, pod, "Walks")
    with pytest.raises(ActionError) as error:
        actions.group_items(pod.ana, a, a)
    assert error.value.field == "under"


def test_each_person_has_a_fixed_number_of_votes(pod, retro):
    found = items(retro, pod, "one", "two", "three", "four")
    actions.set_phase(pod.ana, retro, "vote")
    for item in found[:3]:
        actions.vote(pod.ben, item)
    with pytest.raises(ActionError, match="used all 3 of your votes") as error:
        actions.vote(pod.ben, found[3])
    assert error.value.field == "item"
    assert RetroVote.objects.filter(voter=pod.ben).count() == 3
    actions.unvote(pod.ben, found[0])
    actions.vote(pod.ben, found[3])
    assert RetroVote.objects.filter(voter=pod.ben).count() == 3


def test_a_second_dot_on_the_same_item_is_refused(pod, retro):
    (item,) = items(retro, pod, "one")
    actions.set_phase(pod.ana, retro, "vote")
    actions.vote(pod.ben, item)
    with pytest.raises(Conflict, match="already voted"):
        actions.vote(pod.ben, item)
    assert RetroVote.objects.count() == 1


def test_votes_are_only_cast_during_the_vote_and_only_on_a_groups_head(pod, retro):
    a, b = items(retro, pod, "one", "two")
    with pytest.raises(ActionError, match="during the vote"):
        actions.vote(pod.ben, a)
    actions.group_items(pod.ana, b, a)
    actions.set_phase(pod.ana, retro, "vote")
    with pytest.raises(ActionError, match="group this item is in"):
        actions.vote(pod.ben, b)
    with pytest.raises(ActionError, match="before the vote"):
        actions.add_item(pod.ana, retro, "working", "late")
    with pytest.raises(NotFound):
        actions.unvote(pod.ben, a)


def test_two_people_moving_the_phase_at_once_move_it_one_step(pod, retro):
    actions.set_phase(pod.ana, retro, "vote", expected="collect")
    with pytest.raises(Conflict):
        actions.set_phase(pod.ben, retro, "act", expected="collect")
    retro.refresh_from_db()
    assert retro.phase == "vote"


def test_top_items_become_actions_with_an_owner_and_a_date(pod, retro, clock):
    (item,) = items(retro, pod, "Start on time")
    actions.set_phase(pod.ana, retro, "act")
    action = actions.add_action(
        pod.ana, retro, text="", owner=pod.cai, due_on=FIRST_TUESDAY + timedelta(weeks=1), item=item
    )
    assert (action.text, action.owner, action.group) == ("Start on time", pod.cai, pod.group)
    done = actions.set_action_done(pod.cai, action)
    assert done.done_at is not None
    assert actions.set_action_done(pod.ben, action, done=False).done_at is None


def test_an_action_for_someone_outside_the_pod_is_refused(pod, retro):
    actions.set_phase(pod.ana, retro, "act")
    with pytest.raises(ActionError) as error:
        actions.add_action(
            pod.ana, retro, text="Tidy up", owner=pod.world.host, due_on=FIRST_TUESDAY
        )
    assert error.value.field == "owner"
    with pytest.raises(ActionError) as error:
        actions.add_action(pod.ana, retro, text="Tidy up", owner=pod.ben, due_on="soon")
    assert error.value.field == "due_on"
    assert not RetroAction.objects.exists()


def test_a_finished_retro_stays_finished(pod, retro):
    actions.set_phase(pod.ana, retro, "closed")
    with pytest.raises(ActionError, match="done"):
        actions.set_phase(pod.ana, retro, "collect")
    with pytest.raises(ActionError, match="done"):
        actions.add_item(pod.ana, retro, "working", "late")


def test_only_the_author_takes_an_item_back(pod, retro):
    (item,) = items(retro, pod, "mine")
    with pytest.raises(ActionError):
        actions.remove_item(pod.ben, item)
    actions.remove_item(pod.ana, item)
    assert not RetroItem.objects.exists()


def test_the_format_changes_only_while_the_board_is_empty(pod, retro):
    liked = Practice.objects.get(community=None, slug="liked-didnt-like-would-change")
    actions.set_format(pod.ben, retro, liked, votes_each=5)
    retro.refresh_from_db()
    assert (retro.practice, retro.votes_each) == (liked, 5)
    items(retro, pod, "x", column="liked")
    with pytest.raises(ActionError) as error:
        actions.set_format(pod.ben, retro, Practice.objects.get(slug="four-ls"))
    assert error.value.field == "practice"
    with pytest.raises(ActionError) as error:
        actions.set_format(pod.ben, retro, None, votes_each=11)
    assert error.value.field == "votes_each"
