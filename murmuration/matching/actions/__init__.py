"""Every change to pod-calling rounds.

Views, the API, the CLI and the demo call these functions. Each checks permission through
`matching.permissions`, validates, and writes inside one transaction under a row lock on the
round, so a refused or failed request leaves nothing half-written and concurrent requests on
one round queue instead of overwriting each other.

- `rounds`: opening and cancelling a round
- `entries`: opting in, changing one's entry, withdrawing
- `review`: proposing pods and moving people between them
- `publish`: turning the pods into groups with a rhythm and a commitment
"""

from .entries import change_entry, opt_in, withdraw
from .publish import publish
from .review import NEW_POD, move, propose
from .rounds import cancel_round, open_round

__all__ = [
    "NEW_POD",
    "cancel_round",
    "change_entry",
    "move",
    "open_round",
    "opt_in",
    "propose",
    "publish",
    "withdraw",
]
