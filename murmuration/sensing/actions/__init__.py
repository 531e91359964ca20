"""Every change to signals, patterns and experiments.

Views, the API, the CLI and the demo call these functions. Each checks permission through
`sensing.permissions`, validates, and writes in one transaction; follow-up work (regrouping a
scope) is queued with `transaction.on_commit`.

- `signals`: posting and raising signals
- `corrections`: renaming, merging and splitting patterns
- `experiments`: starting, joining, checking in and deciding
"""

from .corrections import merge_patterns, rename_pattern, split_pattern
from .experiments import check_in, decide, join_experiment, leave_experiment, start_experiment
from .signals import post_signal, raise_signal

__all__ = [
    "check_in",
    "decide",
    "join_experiment",
    "leave_experiment",
    "merge_patterns",
    "post_signal",
    "raise_signal",
    "rename_pattern",
    "split_pattern",
    "start_experiment",
]
