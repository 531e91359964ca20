"""Install the retrospective formats added with this app (liked/didn't like/would change, 4 Ls)
in databases whose built-in practices were installed before those files existed.

`install` matches by slug, so it only adds what is missing and updates what changed.
"""

from django.db import migrations


def install_builtin_practices(apps, schema_editor):
    from murmuration.rhythms.builtin_practices import install

    install(apps.get_model("rhythms", "Practice"))


class Migration(migrations.Migration):
    dependencies = [
        ("cycles", "0002_reviews_retros_lineage"),
        ("rhythms", "0002_builtin_practices"),
    ]

    operations = [
        migrations.RunPython(install_builtin_practices, migrations.RunPython.noop),
    ]
