"""The demo's rounds: one published whose pods are groups, one open with opt-ins."""

from murmuration.accounts.models import User
from murmuration.cycles.models import Commitment
from murmuration.matching.models import Entry, Round
from murmuration.ops import demo
from tests.cli.conftest import demo_community as demo_community  # the fixture


def test_it_has_a_published_round_with_pods_and_an_open_round(demo_community):
    member = User.objects.get(email=demo.MEMBER_EMAIL)
    published = Round.objects.get(community=demo_community, status=Round.Status.PUBLISHED)
    pods = list(published.pods.select_related("group"))
    assert len(pods) >= 4
    assert all(pod.group is not None and pod.group.is_private for pod in pods)
    assert Commitment.objects.filter(group__round_pod__round=published).count() == len(pods)
    mine = Entry.objects.get(round=published, user=member)
    assert mine.pod is not None and mine.pod.group.memberships.filter(user=member).exists()

    open_round = Round.objects.get(community=demo_community, status=Round.Status.OPEN)
    assert open_round.takes_opt_ins()
    assert open_round.entries.count() >= 10
    assert not open_round.entries.filter(user=member).exists()


def test_it_shows_the_demo_member_their_new_pod_on_the_home_page(demo_community, client):
    client.force_login(User.objects.get(email=demo.MEMBER_EMAIL))
    response = client.get("/me/rounds/")
    assert b"Your new pods" in response.content
    assert b"Autumn pods" in response.content and b"Winter pods" in response.content
