from django.urls import path

from chiso.sources import views

app_name = "sources"

urlpatterns = [
    path("campaigns/<int:pk>/sources/", views.campaign_sources, name="campaign"),
    path("sources/", views.my_assignments, name="mine"),
    path("sources/assignments/<int:pk>/", views.show_assignment, name="assignment"),
    path("sources/assignments/<int:pk>/values.xlsx", views.assignment_xlsx, name="xlsx"),
    path("sources/assignments/<int:pk>/upload/", views.assignment_upload, name="upload"),
    path("sources/assignments/<int:pk>/evidence/", views.assignment_evidence, name="evidence"),
    path("sources/evidence/<int:pk>/", views.download_provided, name="download-provided"),
    path("sources/visit-files/<int:pk>/", views.download_visit, name="download-visit"),
    path("sources/measurements/<int:pk>/raw/", views.download_measurement, name="download-raw"),
    path("appraisal/forms/<int:pk>/visits/", views.record_visit, name="record-visit"),
]
