"""The `murmur` command: Django's management commands under friendlier names."""

import os
import sys

# Spelled the way people type them; Django command modules cannot contain hyphens.
ALIASES = {
    "create-token": "create_token",
    "import-members": "import_members",
    "form-pods": "form_pods",
    "group-signals": "group_signals",
    # Runs queued background tasks until stopped; several may run at once.
    "worker": "db_worker",
}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "murmuration.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    args[0] = "murmur"
    if len(args) > 1:
        args[1] = ALIASES.get(args[1], args[1])
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
