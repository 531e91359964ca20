"""The practices every community starts with: one YAML file each, named after its slug.

`install` writes them into the database, matching rows by slug, so running it again updates
the built-ins in place and keeps the sessions and rhythms that point at them. Migration 0002
calls it with the migration's historical model; when a file here changes, a new data migration
should call it again (see 0002 for the two lines it needs), so existing installations get the
new text. A file that is removed leaves its row alone, because sessions may still use it.

`install` touches only the columns Practice has had since 0001 (community, slug, name,
summary, steps, roles, is_retrospective, updated_at). If one of them is ever renamed, the older
migrations that call `install` need a frozen copy of this function instead.
"""

from pathlib import Path
from typing import Any

from django.utils import timezone

from ..practices import CleanPractice, PracticeFileError, load_file

DIRECTORY = Path(__file__).parent


def files() -> list[Path]:
    return sorted(DIRECTORY.glob("*.yaml"))


def load() -> list[CleanPractice]:
    """Every built-in, checked by the same rules as any imported file."""
    practices = []
    for path in files():
        try:
            practice = load_file(path.read_bytes(), "yaml")
        except PracticeFileError as error:
            raise PracticeFileError(f"{path.name}: {error.message}", error.field) from error
        if practice.slug != path.stem:
            raise PracticeFileError(f"{path.name}: slug must be {path.stem}", "slug")
        practices.append(practice)
    return practices


def install(model: Any) -> tuple[int, int]:
    """Create or update every built-in in `model` (Practice, or a migration's version of it).

    Returns how many were created and how many changed; unchanged rows keep their
    `updated_at`, so a form opened before the migration ran is not called stale for nothing.
    """
    created = updated = 0
    for practice in load():
        fields = practice.model_fields()
        row = model.objects.filter(community=None, slug=practice.slug).first()
        if row is None:
            model.objects.create(community=None, slug=practice.slug, **fields)
            created += 1
        elif any(getattr(row, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(row, name, value)
            row.updated_at = timezone.now()
            row.save()
            updated += 1
    return created, updated
