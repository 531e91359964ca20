"""Every change to proposals, positions, advice, reviews, defaults and roles.

Views, the API, the CLI and the demo seeder call these functions. Each checks permission through
`decisions.permissions`, validates, and writes inside one transaction, so a refused or failed
request leaves nothing half-written.

- `proposals`: making, amending, closing and withdrawing proposals; reviews; defaults
- `positions`: positions in a consent round or vote; asking for and giving advice
- `roles`: roles in a group and selection by consent
"""

from .positions import ask_candidate, ask_for_advice, give_advice, take_position
from .proposals import (
    amend_proposal,
    close_proposal,
    create_proposal,
    record_review,
    set_defaults,
    withdraw_proposal,
)
from .roles import (
    cancel_selection,
    define_role,
    nominate,
    open_change_round,
    propose_candidate,
    reveal_nominations,
    start_selection,
    update_role,
)

__all__ = [
    "amend_proposal",
    "ask_candidate",
    "ask_for_advice",
    "cancel_selection",
    "close_proposal",
    "create_proposal",
    "define_role",
    "give_advice",
    "nominate",
    "open_change_round",
    "propose_candidate",
    "record_review",
    "reveal_nominations",
    "set_defaults",
    "start_selection",
    "take_position",
    "update_role",
    "withdraw_proposal",
]
