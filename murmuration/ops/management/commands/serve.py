"""`murmur serve`: the production web server (gunicorn), not Django's development server."""

import os
from argparse import ArgumentParser
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from gunicorn.app.base import BaseApplication


class MurmurationServer(BaseApplication):
    """gunicorn configured from code, so `murmur serve` needs no config file."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        # Imported here, in the worker, so each process builds its own application.
        from murmuration.wsgi import application

        return application


def default_workers() -> int:
    value = os.environ.get("WEB_CONCURRENCY", "")
    return int(value) if value.isdigit() and int(value) > 0 else 2


def bind_address(host: str, port: int) -> str:
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"  # an IPv6 address
    return f"{host}:{port}"


class Command(BaseCommand):
    help = "Serve Murmuration with gunicorn, after collecting its static files."
    # Django's checks and migration checks run below, once, rather than before every command.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
        parser.add_argument("--port", type=int, default=8000, help="port to listen on")
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="worker processes (default: $WEB_CONCURRENCY or 2)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        workers = options["workers"] or default_workers()
        if workers < 1:
            raise CommandError("--workers must be at least 1.")
        if not 0 < options["port"] < 65536:
            raise CommandError("--port must be between 1 and 65535.")
        self.check(display_num_errors=False)
        self.check_migrations()
        # whitenoise serves the compressed, hashed copies that collectstatic writes.
        call_command("collectstatic", interactive=False, verbosity=0)
        # Workers are forked from this process; a database connection opened by the checks
        # above must not be shared between them.
        connections.close_all()
        bind = bind_address(options["host"], options["port"])
        self.stdout.write(f"Murmuration is listening on http://{bind}/ (Ctrl+C stops it).")
        MurmurationServer(
            {
                "bind": bind,
                "workers": workers,
                "worker_class": "gthread",
                "threads": 4,
                "accesslog": "-",
                "proc_name": "murmuration",
            }
        ).run()
