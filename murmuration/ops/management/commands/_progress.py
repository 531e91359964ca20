"""The progress bar the long-running commands draw on stderr while they work.

The leading underscore keeps Django from taking this module for a command.
"""

import sys
from typing import Any

from tqdm import tqdm


def progress(options: dict[str, Any], total: int, desc: str, unit: str) -> tqdm:
    """A bar on the command's stderr that disappears when done; none with --verbosity 0."""
    return tqdm(
        total=total,
        desc=desc,
        unit=unit,
        file=options.get("stderr") or sys.stderr,
        disable=options["verbosity"] == 0,
        leave=False,
    )
