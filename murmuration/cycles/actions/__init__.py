"""Every change to commitments, reviews, retrospectives and growth.

Views, the API, the CLI, the demo seeder and the pod-calling rounds call these functions. Each
checks permission through `cycles.permissions`, validates, and writes inside one transaction,
so a refused or failed request leaves nothing half-written.

- `commitments`: begin (the one place commitments are created), propose, opt in and out, start
- `gate`: the review gate, reached on time by itself, holding the sessions after it
- `review`: each member's private choice, then renew or close
- `retros`: items, grouping, dot votes, actions and phases
- `growth`: splitting a group that outgrew its band; lineage, and which pods may seed others
"""

from .commitments import begin_commitment, opt_in, opt_out, propose_commitment, start_commitment
from .gate import catch_up, catch_up_all
from .growth import preview as preview_split
from .growth import record_growth, seedable_groups, split_group
from .retros import (
    add_action,
    add_item,
    group_items,
    remove_item,
    set_action_done,
    set_format,
    set_phase,
    start_retro,
    unvote,
    vote,
)
from .review import choose as choose_review
from .review import close as close_commitment
from .review import renew as renew_commitment

__all__ = [
    "add_action",
    "add_item",
    "begin_commitment",
    "catch_up",
    "catch_up_all",
    "choose_review",
    "close_commitment",
    "group_items",
    "opt_in",
    "opt_out",
    "preview_split",
    "propose_commitment",
    "record_growth",
    "remove_item",
    "renew_commitment",
    "seedable_groups",
    "set_action_done",
    "set_format",
    "set_phase",
    "split_group",
    "start_commitment",
    "start_retro",
    "unvote",
    "vote",
]
