"""Install the built-in practices from murmuration/rhythms/builtin_practices/*.yaml.

When those files change, add a migration with the same operation; `install` matches by slug,
so it updates rows in place.
"""

from django.db import migrations


def install_builtin_practices(apps, schema_editor):
    from murmuration.rhythms.builtin_practices import install

    install(apps.get_model("rhythms", "Practice"))


class Migration(migrations.Migration):
    dependencies = [("rhythms", "0001_initial")]

    operations = [
        # Reversing leaves the rows: removing them would also strip sessions of their practice.
        migrations.RunPython(install_builtin_practices, migrations.RunPython.noop),
    ]
