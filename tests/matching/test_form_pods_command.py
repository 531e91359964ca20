"""The file interface: `murmur form-pods INPUT.json [--rounds R] > OUTPUT.json`."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from .conftest import CHECKER

EVENING = list(range(36, 42))


def _input(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "pod_size": [3, 4],
        "session_minutes": 60,
        "rounds": 1,
        "members": [{"id": f"m{k}", "slots": EVENING, "home": f"g{k % 2}"} for k in range(9)],
        "history": [["m0", "m1"]],
        "apart": [["m2", "m3"]],
        "together": [["m4", "m5"]],
        "callers": ["m6"],
    }
    data.update(changes)
    return data


def _run(tmp_path: Path, data: object, *args: str) -> subprocess.CompletedProcess[str]:
    source = tmp_path / "input.json"
    source.write_text(json.dumps(data))
    return subprocess.run(
        [sys.executable, "-m", "murmuration", "form_pods", str(source), *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_it_writes_pods_the_independent_checker_accepts(tmp_path):
    data = _input(rounds=2)
    result = _run(tmp_path, data)
    assert result.returncode == 0, result.stderr
    output = tmp_path / "output.json"
    output.write_text(result.stdout)
    check = subprocess.run(
        [sys.executable, str(CHECKER), str(tmp_path / "input.json"), str(output)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stdout
    verdict = json.loads(check.stdout)
    assert verdict["repeats"] == 0
    assert verdict["placed_of_placeable"] == 1.0
    rounds = json.loads(result.stdout)["rounds"]
    assert len(rounds) == 2
    assert any(pod.get("caller") == "m6" for pod in rounds[0]["pods"])


def test_it_reads_stdin_and_takes_rounds_from_the_command_line():
    stdout = io.StringIO()
    call_command(
        "form_pods", "-", "--rounds", "3", stdin=io.StringIO(json.dumps(_input())), stdout=stdout
    )
    assert len(json.loads(stdout.getvalue())["rounds"]) == 3


def test_it_explains_who_was_left_out():
    members = [
        {"id": "early", "slots": [2, 3]},
        {"id": "silent", "slots": []},
        *({"id": f"m{k}", "slots": EVENING} for k in range(4)),
    ]
    data = _input(members=members, history=[], apart=[], together=[], callers=[])
    stdout = io.StringIO()
    call_command("form_pods", "-", stdin=io.StringIO(json.dumps(data)), stdout=stdout)
    unplaced = {
        u["id"]: u["reason"] for u in json.loads(stdout.getvalue())["rounds"][0]["unplaced"]
    }
    assert unplaced["silent"] == "no availability given"
    assert unplaced["early"].startswith("availability shares no slot of 60 minutes with enough")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({k: v for k, v in _input().items() if k != "pod_size"}, "pod_size"),
        (_input(members=[{"id": "m0", "slots": [400]}]), "members[0].slots"),
        (_input(members=[{"id": "m0", "slots": [1]}, {"id": "m0", "slots": [2]}]), "members[1].id"),
        (_input(history=[["m0", "nobody"]]), "history[0]"),
        (_input(pod_size=[5, 4]), "pod_size"),
        (_input(session_minutes=45), "session_minutes"),
        (_input(apart=[["m0"]]), "apart[0]"),
        (_input(callers=["m0", "m0"]), "callers[1]"),
        (_input(histroy=[]), "histroy"),
    ],
)
def test_it_refuses_bad_input_naming_the_field_with_exit_status_2(data, field):
    stdout = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("form_pods", "-", stdin=io.StringIO(json.dumps(data)), stdout=stdout)
    assert refused.value.returncode == 2
    assert field in str(refused.value)
    assert stdout.getvalue() == ""


def test_it_exits_with_status_2_and_names_the_field_on_stderr(tmp_path):
    result = _run(tmp_path, _input(pod_size=[5, 4]))
    assert result.returncode == 2
    assert "pod_size" in result.stderr
    assert result.stdout == ""


def test_it_refuses_a_file_that_is_not_json():
    with pytest.raises(CommandError, match="not JSON") as refused:
        call_command("form_pods", "-", stdin=io.StringIO("{pod_size: [4, 5]"))
    assert refused.value.returncode == 2


def test_it_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="Cannot read") as refused:
        call_command("form_pods", str(tmp_path / "nowhere.json"))
    assert refused.value.returncode == 2


def test_it_refuses_rounds_out_of_range_from_the_command_line():
    with pytest.raises(CommandError, match="rounds") as refused:
        call_command("form_pods", "-", "--rounds", "0", stdin=io.StringIO(json.dumps(_input())))
    assert refused.value.returncode == 2
