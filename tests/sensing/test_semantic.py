"""The semantic method against the real all-MiniLM-L6-v2 model (the extra murmuration[semantic]).

Marked `semantic`: `make test` leaves these out (its install has no PyTorch), and CI runs them
in a step that installs the extra first (.ci/run).
"""

import pytest

from murmuration.sensing import actions, grouping
from murmuration.sensing.grouping import vectors
from murmuration.sensing.models import Signal

pytestmark = pytest.mark.semantic


def test_it_embeds_texts_as_unit_vectors_of_384_dimensions():
    method = grouping.method_named("semantic")
    stored = method.embed(["The kitchen is a mess", "Dishes pile up in the sink"])
    rows = [vectors.from_dense(v) for v in stored]
    assert [len(r) for r in rows] == [384, 384]
    assert all(abs(float((r * r).sum()) - 1) < 1e-4 for r in rows)


def test_it_groups_paraphrases_that_share_no_words():
    texts = [
        "Dirty mugs pile up in the sink",
        "Nobody does the washing-up",
        "The last bus leaves before we finish",
        "Getting home by public transport is hard after meetings",
    ]
    found = grouping.group_texts(texts, grouping.method_named("semantic"))
    together = {frozenset(m) for _label, m in found}
    assert frozenset({0, 1}) in together and frozenset({2, 3}) in together


def test_a_posted_signal_stores_its_embedding_and_joins_a_pattern(world, committed, settings):
    settings.MURMUR_GROUPING = "semantic"
    for text in [
        "Dirty mugs pile up in the sink",
        "Nobody does the washing-up",
        "Buses stop early",
    ]:
        committed(actions.post_signal, world.member, world.community, text)
    signal = actions.post_signal(world.host, world.community, "Plates are left unwashed")
    assert signal.method == "semantic" and len(signal.vector) == 384 * 4
    assert signal.pattern is not None
    assert "Nobody does the washing-up" in set(
        signal.pattern.signals.values_list("text", flat=True)
    )
    assert Signal.objects.filter(method="semantic").count() == 4
