from django.urls import path

from chiso.units import views

app_name = "units"

urlpatterns = [
    path("", views.list_units, name="list-units"),
    path("<str:era>/<str:code>/", views.show_unit, name="show-unit"),
    path("<str:era>/<str:code>/agencies/", views.import_agencies, name="import-agencies"),
]
