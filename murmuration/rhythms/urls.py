"""Pages of the rhythms app, all inside a community (/c/<slug>/…)."""

from django.urls import path

from .views import practices

app_name = "rhythms"

c = "c/<slug:slug>/"
# "new" and "import" come before the practice pattern; practice_actions keeps them as slugs.
p = c + "practices/<slug:practice_slug>/"

urlpatterns = [
    # The practice library
    path(c + "practices/", practices.library, name="practices"),
    path(c + "practices/new/", practices.create, name="practice_new"),
    path(c + "practices/import/", practices.import_file, name="practice_import"),
    path(p, practices.detail, name="practice"),
    path(p + "edit/", practices.edit, name="practice_edit"),
    path(p + "delete/", practices.delete, name="practice_delete"),
    path(p + "copy/", practices.copy, name="practice_copy"),
    path(p + "export/", practices.export, name="practice_export"),
]
