"""`murmur group-signals FILE` and `murmur patterns --community X`."""

import json
from pathlib import Path

import pytest
from django.core.management.base import CommandError
from sklearn.metrics import normalized_mutual_info_score

from murmuration.sensing import actions
from murmuration.sensing.models import Pattern, Signal
from tests.cli.conftest import run

LABELLED = Path(__file__).parents[2] / "bench" / "data" / "signals_labelled.tsv"


def test_it_puts_every_line_in_exactly_one_pattern(tmp_path):
    lines = [line.split("\t", 1)[1] for line in LABELLED.read_text().splitlines()[:60]]
    lines.insert(5, "")
    source = tmp_path / "signals.txt"
    source.write_text("\n".join(lines) + "\n")
    out, _err = run("group_signals", str(source))
    document = json.loads(out)
    seen = sorted(i for p in document["patterns"] for i in p["signals"])
    assert seen == list(range(len(lines)))
    assert all(isinstance(p["label"], str) and p["label"] for p in document["patterns"])


def test_it_groups_the_labelled_set_far_better_than_chance(tmp_path):
    rows = [line.split("\t", 1) for line in LABELLED.read_text().splitlines()]
    texts = tmp_path / "texts.txt"
    texts.write_text("\n".join(text for _label, text in rows))
    out, _err = run("group_signals", str(texts))
    assigned = {i: n for n, p in enumerate(json.loads(out)["patterns"]) for i in p["signals"]}
    labels = [label for label, _text in rows]
    found = [assigned[i] for i in range(len(rows))]
    # Twenty labels of sixteen texts: a random split into as many groups scores about 0.2.
    assert normalized_mutual_info_score(labels, found) > 0.4


def test_it_prints_an_empty_list_for_an_empty_file(tmp_path):
    source = tmp_path / "empty.txt"
    source.write_text("")
    out, _err = run("group_signals", str(source))
    assert json.loads(out) == {"patterns": []}


@pytest.mark.parametrize("content", [b"\xff\xfe broken", None])
def test_it_says_what_is_wrong_with_the_file(tmp_path, content):
    source = tmp_path / "bad.txt"
    if content is not None:
        source.write_bytes(content)
    with pytest.raises(CommandError, match=r"UTF-8|Cannot read"):
        run("group_signals", str(source))


def test_it_recomputes_a_community_with_a_progress_bar(world, committed):
    for text in ["Cold hall", "The hall is cold", "Late buses", "The last bus leaves early"]:
        committed(actions.post_signal, world.member, world.community, text)
    committed(actions.post_signal, world.group_member, world.community, "Crew", group=world.crew)
    Signal.objects.update(pattern=None)
    out, err = run("patterns", community="river-commons", verbosity=1)
    assert "Regrouped 5 signals in 2 scopes" in out
    assert "Regrouping" in err
    assert not Signal.objects.filter(pattern__isnull=True).exists()
    assert Pattern.objects.filter(group=world.crew).exists()


def test_it_names_an_unknown_community(db):
    with pytest.raises(CommandError, match="No community"):
        run("patterns", community="nowhere")
