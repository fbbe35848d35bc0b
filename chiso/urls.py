from django.contrib import admin
from django.urls import include, path

from chiso import views
from chiso.api.api import api
from chiso.api.docs import api_docs

admin.site.site_header = "Quản trị chiso"
admin.site.site_title = "Quản trị chiso"
admin.site.index_title = "Đơn vị, tài khoản, đợt đánh giá"

urlpatterns = [
    path("", views.home, name="home"),
    # First of the includes: the autosave (campaigns:save-answer, the first of its patterns) is
    # the request people send most, and Django tries the patterns in order (after the
    # frameworks' twenty: 22 µs to resolve, 12.5 µs first). No pattern here matches a path of
    # another include (tests/web/test_url_order.py).
    path("", include("chiso.campaigns.urls")),
    path("huong-dan/", views.show_help, name="help"),
    path("", include("chiso.frameworks.urls")),
    path("accounts/", include("chiso.accounts.urls")),
    path("units/", include("chiso.units.urls")),
    path("", include("chiso.appraisal.urls")),
    path("", include("chiso.results.urls")),
    path("", include("chiso.results.urls_public")),
    path("audit/", include("chiso.audit.urls")),
    path("", include("chiso.notices.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/docs", api_docs, name="api-docs"),
    path("api/v1/", api.urls),
    path("", include("chiso.sources.urls")),
]

handler404 = "chiso.views.page_not_found"
handler403 = "chiso.views.permission_denied"
handler500 = "chiso.views.server_error"
