"""The public portal and open data: /public/<province>/<year>/…, each page also pinned to a
version as /public/<province>/<year>/v<n>/…."""

from collections.abc import Callable

from django.http import HttpResponse
from django.urls import URLPattern, path

from chiso.results import opendata, views_documents, views_public
from chiso.results.views_documents import RANKING_CSV, RANKING_XLSX

app_name = "public"


def _both(
    route: str, view: Callable[..., HttpResponse], name: str, **kwargs: object
) -> list[URLPattern]:
    """The latest version at ``<year>/route`` and a pinned one at ``<year>/v<n>/route``."""
    year = "public/<str:province>/<int:year>/"
    return [
        path(f"{year}{route}", view, kwargs, name=name),
        path(f"{year}v<int:version>/{route}", view, kwargs, name=f"{name}-v"),
    ]


urlpatterns = [
    path("public/", views_public.portal_index, name="index"),
    path("public/<str:province>/", views_public.show_province, name="province"),
    path(
        "public/<str:province>/<int:year>/methodology/",
        views_public.show_methodology,
        name="methodology",
    ),
    path(
        "public/<str:province>/<int:year>/framework.json",
        opendata.framework_json,
        name="framework-json",
    ),
    path(
        "public/<str:province>/<int:year>/framework.csv",
        opendata.framework_csv,
        name="framework-csv",
    ),
    *_both("", views_public.show_year, "year"),
    *_both("results.json", opendata.results_json, "results-json"),
    *_both("results.csv", opendata.results_csv, "results-csv"),
    *_both("ranking.xlsx", views_documents.public_file, "ranking-xlsx", download=RANKING_XLSX),
    *_both("ranking.csv", views_documents.public_file, "ranking-csv", download=RANKING_CSV),
    *_both("units/<str:code>/", views_public.show_unit, "unit"),
    *_both("units/<str:code>/report.pdf", views_documents.public_unit_report, "unit-report"),
    *_both("<str:level>/<str:section>/", views_public.show_ranking, "ranking"),
]
