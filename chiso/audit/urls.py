from django.urls import path

from chiso.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.list_entries, name="list-entries"),
    path("export.xlsx", views.export_entries, name="export-entries"),
]
