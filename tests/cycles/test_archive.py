"""Commitments and lineage travel in the community archive; retros and review choices do not."""

import io
import json

import pytest

from murmuration.accounts.models import User
from murmuration.communities.models import Community
from murmuration.cycles import actions
from murmuration.cycles.models import Commitment, Lineage
from murmuration.ops import archive
from tests.cli.conftest import run

from .conftest import ACTION_TEXT, NAMED_ITEM, SECRET_ITEM


def test_commitments_and_lineage_round_trip_without_the_pods_private_words(scene):
    pod = scene.pod
    actions.choose_review(pod.ben, scene.commitment, "step_out")
    Lineage.objects.create(child=pod.world.private_crew, parent=pod.group, kind="split")
    exported, _err = run("export", "river-commons")
    for private in (NAMED_ITEM, SECRET_ITEM, ACTION_TEXT, "step_out"):
        assert private not in exported
    document = json.loads(exported)
    (row,) = document["commitments"]
    assert row["status"] == "review" and len(row["members"]) == 3
    assert len(row["held_sessions"]) == len(scene.commitment.held_sessions) > 0

    Community.objects.all().delete()
    User.objects.all().delete()
    run("import", "-", stdin=io.StringIO(exported))
    again, _err = run("export", "river-commons")
    assert again == exported
    restored = Commitment.objects.get()
    assert restored.status == "review" and restored.rhythm is not None
    assert set(restored.held_sessions) == set(
        restored.rhythm.sessions.filter(status="cancelled").values_list("pk", flat=True)
    )
    assert Lineage.objects.get().parent.slug == "morning-crew"


def test_a_commitment_naming_a_rhythm_the_archive_lacks_writes_nothing(scene):
    document = archive.export_community(Community.objects.get())
    document["commitments"][0]["rhythm"]["name"] = "No such rhythm"
    Community.objects.all().delete()
    User.objects.all().delete()
    with pytest.raises(archive.ArchiveError, match=r"commitments\[0\]\.rhythm"):
        archive.import_community(json.loads(archive.dumps(document)))
    assert not Community.objects.exists() and not Commitment.objects.exists()
