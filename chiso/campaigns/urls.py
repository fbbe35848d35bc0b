from django.urls import include, path

from chiso.campaigns import views

app_name = "campaigns"

urlpatterns = [
    path("forms/<int:pk>/answers/<str:code>/", views.save_answer, name="save-answer"),
    path("forms/<int:pk>/evidence/<str:code>/", views.add_evidence, name="add-evidence"),
    path("forms/<int:pk>/excel/", views.form_excel, name="form-excel"),
    path("forms/<int:pk>/submit/", views.submit_form, name="submit-form"),
    path("forms/<int:pk>/withdraw/", views.withdraw_form, name="withdraw-form"),
    path("evidence/<int:pk>/", views.download_evidence, name="download-evidence"),
    path("evidence/<int:pk>/remove/", views.remove_evidence, name="remove-evidence"),
    path("", include("chiso.campaigns.urls_department")),
]
