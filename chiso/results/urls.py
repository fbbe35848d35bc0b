from django.urls import path

from chiso.results import views_dashboard

app_name = "results"

urlpatterns = [
    path("results/campaigns/<int:pk>/", views_dashboard.show_dashboard, name="dashboard"),
    path("results/campaigns/<int:pk>/publish/", views_dashboard.publish, name="publish"),
    path("results/campaigns/<int:pk>/correct/", views_dashboard.correct, name="correct"),
    path("results/campaigns/<int:pk>/draft.json", views_dashboard.draft_json, name="draft-json"),
    path(
        "results/campaigns/<int:pk>/units/<str:code>/",
        views_dashboard.show_draft_unit,
        name="unit",
    ),
]
