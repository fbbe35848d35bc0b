from django.urls import path

from chiso.notices import views

app_name = "notices"

urlpatterns = [
    path("thong-bao/", views.list_notices, name="list-notices"),
    path("thong-bao/cai-dat/", views.edit_preferences, name="edit-preferences"),
    path("thong-bao/da-doc/", views.read_all, name="read-all"),
    path("thong-bao/<int:pk>/", views.open_notice, name="open-notice"),
    path("thong-bao/<int:pk>/da-doc/", views.read_notice, name="read-notice"),
    path("campaigns/<int:pk>/cong-van.docx", views.download_letter, name="download-letter"),
]
