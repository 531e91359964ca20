from django.urls import path

from .views import experiments, patterns, scope

app_name = "sensing"

c = "c/<slug:slug>/"
g = c + "g/<slug:group_slug>/"

urlpatterns = [
    path(c + "sensing/", scope.scope_page, name="community"),
    path(g + "sensing/", scope.scope_page, name="group"),
    path(c + "signals/", scope.post, name="post"),
    path(c + "signals/<int:pk>/raise/", scope.raise_signal, name="raise"),
    path(c + "patterns/<int:pk>/", patterns.detail, name="pattern"),
    path(c + "patterns/<int:pk>/rename/", patterns.rename, name="rename"),
    path(c + "patterns/<int:pk>/merge/", patterns.merge, name="merge"),
    path(c + "patterns/<int:pk>/split/", patterns.split, name="split"),
    path(c + "experiments/", experiments.register, name="register"),
    path(c + "experiments/new/", experiments.start, name="start"),
    path(c + "experiments/<int:pk>/", experiments.detail, name="experiment"),
    path(c + "experiments/<int:pk>/join/", experiments.join, name="join"),
    path(c + "experiments/<int:pk>/leave/", experiments.leave, name="leave"),
    path(c + "experiments/<int:pk>/check-in/", experiments.check_in, name="check_in"),
    path(c + "experiments/<int:pk>/decide/", experiments.decide, name="decide"),
]
