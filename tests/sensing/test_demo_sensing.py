"""The demo's signals, patterns and experiments."""

from murmuration.accounts.models import User
from murmuration.communities.models import Community
from murmuration.communities.permissions import viewer_for
from murmuration.ops import demo
from murmuration.sensing import queries
from murmuration.sensing.models import Experiment, Pattern, Signal
from tests.cli.conftest import demo_community  # noqa: F401


def test_it_spreads_several_hundred_signals_over_three_months(demo_community):  # noqa: F811
    signals = Signal.objects.filter(community=demo_community)
    assert signals.count() >= 300
    oldest, newest = signals.order_by("created_at").first(), signals.order_by("created_at").last()
    assert (newest.created_at - oldest.created_at).days >= 80
    assert signals.filter(group__isnull=False).exists()
    assert signals.filter(raised_at__isnull=False, group=None).exists()
    assert not signals.filter(pattern__isnull=True).exists()


def test_its_patterns_have_labels_and_trends(demo_community):  # noqa: F811
    member = User.objects.get(email=demo.MEMBER_EMAIL)
    found = queries.patterns(viewer_for(member, demo_community), None)
    assert sum(p.signal_count >= 5 for p in found) >= 8  # type: ignore[attr-defined]
    trends = {p.trend for p in found}  # type: ignore[attr-defined]
    assert "rising" in trends
    assert all(p.label for p in found)


def test_it_has_experiments_in_every_state_with_a_follow_up(demo_community):  # noqa: F811
    experiments = Experiment.objects.filter(community=demo_community)
    assert set(experiments.values_list("status", flat=True)) == set(Experiment.Status.values)
    adapted = experiments.get(status="adapted")
    assert adapted.follow_ups.get().is_running
    assert experiments.filter(checkins__isnull=False).exists()
    assert all(e.pattern_id for e in experiments)


def test_it_gives_the_same_signals_and_patterns_for_the_same_seed(db):
    def snapshot() -> list[tuple[str, str | None, str]]:
        rows = Signal.objects.order_by("pk").values_list("text", "group__slug", "pattern__label")
        return [(text, group and group.rsplit("-", 1)[0], label) for text, group, label in rows]

    demo.load_demo(3)
    first = snapshot()
    Community.objects.all().delete()
    User.objects.all().delete()
    Pattern.objects.all().delete()
    demo.load_demo(3)
    assert snapshot() == first
