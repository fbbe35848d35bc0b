from django.urls import path

from chiso.frameworks import views

app_name = "frameworks"

urlpatterns = [
    path("frameworks/", views.list_frameworks, name="list-frameworks"),
    path("frameworks/<str:code>/", views.show_framework, name="show-framework"),
]
