from django.urls import path

from chiso.frameworks import views, views_versions

app_name = "frameworks"

urlpatterns = [
    path("frameworks/", views.list_frameworks, name="list-frameworks"),
    # The province's own versions (before the public "<code>" page, which would catch them).
    path("frameworks/versions/", views_versions.list_versions, name="list-versions"),
    path("frameworks/versions/new/", views_versions.create_version, name="create-version"),
    path("frameworks/versions/diff/", views_versions.diff_versions, name="diff-versions"),
    path(
        "frameworks/versions/crosswalk/",
        views_versions.crosswalk_versions,
        name="crosswalk-versions",
    ),
    path("frameworks/versions/<int:pk>/", views_versions.show_version, name="show-version"),
    path("frameworks/versions/<int:pk>/check/", views_versions.check_version, name="check-version"),
    path("frameworks/versions/<int:pk>/save/", views_versions.save_version, name="save-version"),
    path(
        "frameworks/versions/<int:pk>/criteria/<str:code>/",
        views_versions.edit_criterion,
        name="edit-criterion",
    ),
    path(
        "frameworks/versions/<int:pk>/sections/<str:code>/",
        views_versions.edit_section,
        name="edit-section",
    ),
    path(
        "frameworks/versions/<int:pk>/groups/<str:code>/",
        views_versions.edit_group,
        name="edit-group",
    ),
    path(
        "frameworks/versions/<int:pk>/groups/<str:code>/add/",
        views_versions.add_criterion,
        name="add-criterion",
    ),
    path(
        "frameworks/versions/<int:pk>/criteria/<str:code>/remove/",
        views_versions.remove_criterion,
        name="remove-criterion",
    ),
    path(
        "frameworks/versions/<int:pk>/publish/",
        views_versions.publish_version,
        name="publish-version",
    ),
    path("frameworks/versions/<int:pk>/copy/", views_versions.copy_version, name="copy-version"),
    path(
        "frameworks/versions/<int:pk>/download.<str:fmt>",
        views_versions.download_version,
        name="download-version",
    ),
    path(
        "frameworks/versions/<int:pk>/preview/",
        views_versions.preview_version,
        name="preview-version",
    ),
    path(
        "frameworks/versions/<int:pk>/sandbox/",
        views_versions.sandbox_version,
        name="sandbox-version",
    ),
    path("frameworks/<str:code>/", views.show_framework, name="show-framework"),
]
