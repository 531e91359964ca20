"""Helpers shared by the engine tests: the independent checker and JSON conversion."""

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

from murmuration.matching.engine.model import Problem

# CI clones the repository with ../shared beside it; the checker is deliberately not ours.
CHECKER = Path(__file__).resolve().parents[2] / ".." / "shared" / "tools" / "check_pods.py"


def load_checker() -> ModuleType:
    if not CHECKER.is_file():
        raise FileNotFoundError(f"the independent checker is missing: {CHECKER}")
    spec = importlib.util.spec_from_file_location("check_pods", CHECKER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def problem_json(problem: Problem, rounds: int | None = None) -> dict[str, Any]:
    """The problem in the file format, with every key the checker reads."""
    return {
        "pod_size": list(problem.pod_size),
        "session_minutes": problem.session_minutes,
        "rounds": problem.rounds if rounds is None else rounds,
        "members": [
            {"id": m.id, "slots": sorted(m.slots), **({"home": m.home} if m.home else {})}
            for m in problem.members
        ],
        "history": [list(pair) for pair in problem.history],
        "apart": [list(pair) for pair in problem.apart],
        "together": [list(pair) for pair in problem.together],
        "callers": list(problem.callers),
    }
