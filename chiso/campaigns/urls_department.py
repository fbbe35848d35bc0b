"""The department's campaign pages. No ``app_name``: ``chiso/campaigns/urls.py`` (namespace
"campaigns", mounted at the site root) includes these, so the paths start at the root."""

from django.urls import path

from chiso.campaigns import views_department as views
from chiso.campaigns import views_extensions, views_tags

urlpatterns = [
    path("campaigns/", views.list_campaigns, name="list-campaigns"),
    path("campaigns/<int:pk>/", views.show_campaign, name="show-campaign"),
    path("campaigns/<int:pk>/missing.xlsx", views.export_missing, name="export-missing"),
    path("campaigns/<int:pk>/import/", views.import_forms, name="import-forms"),
    path("campaigns/<int:pk>/extensions/", views_extensions.extensions, name="extensions"),
    path("campaigns/<int:pk>/tags/", views_tags.unit_tags, name="unit-tags"),
]
