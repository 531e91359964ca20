"""Every change to rhythms and sessions.

Views, the API, the CLI and the demo seeder call these functions. Each checks permission through
`rhythms.permissions`, validates, and writes inside one transaction, so a refused or failed
request leaves nothing half-written. Errors are `murmuration.errors` exceptions whose message is
written for the person who asked.

- `schedule`: rhythms, and moving, cancelling and restoring single sessions
- `attendance`: RSVPs, attendance, the facilitation rotation and swaps
- `meeting`: notes, check-ins, the session's practice and roles, and the live runner
"""

from .attendance import (
    join_rotation,
    leave_rotation,
    record_attendance,
    set_facilitator,
    set_rsvp,
    swap_facilitators,
)
from .meeting import (
    add_note,
    check_in,
    finish_session,
    go_to_step,
    set_session_practice,
    start_session,
)
from .schedule import (
    add_rhythm,
    cancel_session,
    create_rhythm,
    end_rhythm,
    move_session,
    restore_session,
    rhythm_version,
    update_rhythm,
)

__all__ = [
    "add_note",
    "add_rhythm",
    "cancel_session",
    "check_in",
    "create_rhythm",
    "end_rhythm",
    "finish_session",
    "go_to_step",
    "join_rotation",
    "leave_rotation",
    "move_session",
    "record_attendance",
    "restore_session",
    "rhythm_version",
    "set_facilitator",
    "set_rsvp",
    "set_session_practice",
    "start_session",
    "swap_facilitators",
    "update_rhythm",
]
