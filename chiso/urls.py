from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("chiso.frameworks.urls")),
    path("admin/", admin.site.urls),
]

handler404 = "chiso.views.page_not_found"
