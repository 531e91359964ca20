"""Pages of the rhythms app: inside a community (/c/<slug>/…), and "my sessions" (/me/sessions/)."""

from django.urls import path

from .views import calendar_page, practices, rhythms, runner, sessions

app_name = "rhythms"

c = "c/<slug:slug>/"
# "new" and "import" come before the practice pattern; practice_actions keeps them as slugs.
p = c + "practices/<slug:practice_slug>/"
g = c + "g/<slug:group_slug>/"
r = g + "rhythms/<int:rhythm_id>/"
s = g + "sessions/<int:session_id>/"

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
    # A group's rhythms and calendar
    path(g + "rhythms/", rhythms.group_rhythms, name="group_rhythms"),
    path(g + "rhythms/summary/", rhythms.summary, name="group_rhythms_summary"),
    path(g + "rhythms/new/", rhythms.create, name="rhythm_new"),
    path(r, rhythms.detail, name="rhythm"),
    path(r + "edit/", rhythms.edit, name="rhythm_edit"),
    path(r + "end/", rhythms.end, name="rhythm_end"),
    path(r + "rotation/", rhythms.rotation, name="rhythm_rotation"),
    path(g + "calendar/", calendar_page.group_calendar, name="group_calendar"),
    path("me/sessions/", calendar_page.my_sessions, name="my_sessions"),
    # One session
    path(s, sessions.session_page, name="session"),
    path(s + "rsvp/", sessions.rsvp, name="session_rsvp"),
    path(s + "attendance/", sessions.attendance, name="session_attendance"),
    path(s + "move/", sessions.move, name="session_move"),
    path(s + "cancel/", sessions.cancel, name="session_cancel"),
    path(s + "restore/", sessions.restore, name="session_restore"),
    path(s + "facilitator/", sessions.facilitator, name="session_facilitator"),
    path(s + "swap/", sessions.swap, name="session_swap"),
    path(s + "practice/", sessions.practice, name="session_practice"),
    path(s + "notes/", sessions.add_note, name="session_note"),
    # The live runner
    path(s + "run/", runner.runner, name="runner"),
    path(s + "run/step/", runner.step, name="runner_step"),
    path(s + "run/shared/", runner.shared, name="runner_shared"),
    path(s + "run/start/", runner.start, name="runner_start"),
    path(s + "run/go/", runner.go, name="runner_go"),
    path(s + "run/finish/", runner.finish, name="runner_finish"),
    path(s + "run/check-in/", runner.check_in, name="runner_checkin"),
]
