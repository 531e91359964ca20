"""The demo's cycles: pods at different points, a completed retro with actions, a closed pod,
a renewal, and a pod that split in two with its lineage."""

from murmuration.communities.models import Group
from murmuration.cycles.actions.gate import progress_of
from murmuration.cycles.models import Commitment, Lineage, RetroAction, Retrospective
from murmuration.ops import demo


def test_the_demo_shows_every_point_of_a_cycle(db):
    demo.load_demo(demo.DEFAULT_SEED)
    by_group = {(c.group.name, c.status) for c in Commitment.objects.select_related("group")}
    assert {status for _name, status in by_group} == {
        "proposed",
        "active",
        "review",
        "renewed",
        "closed",
    }
    dawn = Commitment.objects.get(group__name="Dawn and Dusk Pod")
    progress = progress_of(dawn)
    assert progress.total == 6 and 1 <= progress.held < 6

    completed = Retrospective.objects.get(phase="closed")
    assert completed.group.name == "Sunflower Pod"
    assert completed.items.filter(parent__isnull=False).exists()
    assert completed.votes.count() >= 5
    agreed = RetroAction.objects.filter(retro=completed)
    assert agreed.count() == 2 and agreed.filter(done_at__isnull=False).count() == 1

    closed = Commitment.objects.get(status="closed")
    assert closed.group.name == "Parents' Pod" and closed.closing_note
    assert closed.rhythm is not None and closed.rhythm.ended_at is not None

    renewed = Commitment.objects.get(status="renewed")
    assert Commitment.objects.get(previous=renewed).status == "active"

    link = Lineage.objects.get()
    assert (link.parent.name, link.child.name, link.kind) == (
        "Evening Pod",
        "Evening Pod II",
        "split",
    )
    for group in Group.objects.filter(name__startswith="Evening Pod"):
        assert group.memberships.count() == 4
        assert group.rhythms.count() == 1
