from django.urls import path

from chiso.results import views_dashboard, views_documents, views_home_affairs
from chiso.results.views_documents import (
    DECISION_DOCX,
    RANKING_CSV,
    RANKING_XLSX,
    SUBMISSION_DOCX,
    SUMMARY_TXT,
)

app_name = "results"
CAMPAIGN = "results/campaigns/<int:pk>/"

urlpatterns = [
    path(CAMPAIGN, views_dashboard.show_dashboard, name="dashboard"),
    path(f"{CAMPAIGN}publish/", views_dashboard.publish, name="publish"),
    path(f"{CAMPAIGN}correct/", views_dashboard.correct, name="correct"),
    path(f"{CAMPAIGN}draft.json", views_dashboard.draft_json, name="draft-json"),
    path(f"{CAMPAIGN}units/<str:code>/", views_dashboard.show_draft_unit, name="unit"),
    # The official documents of the draft, or of a published version with ?v=<n>.
    path(f"{CAMPAIGN}summary/", views_documents.department_summary, name="summary"),
    *(
        path(f"{CAMPAIGN}{name}", views_documents.department_file, {"download": d}, name=url)
        for name, d, url in (
            ("summary.txt", SUMMARY_TXT, "summary-txt"),
            ("ranking.xlsx", RANKING_XLSX, "ranking-xlsx"),
            ("ranking.csv", RANKING_CSV, "ranking-csv"),
            ("decision.docx", DECISION_DOCX, "decision-docx"),
            ("submission.docx", SUBMISSION_DOCX, "submission-docx"),
        )
    ),
    path(
        f"{CAMPAIGN}units/<str:code>/report.pdf",
        views_documents.department_unit_report,
        name="unit-report",
    ),
    # Sở Nội vụ's page and workbooks, and the report to the ministry: published results only.
    path("results/<int:pk>/noi-vu/", views_home_affairs.show_home_affairs, name="home-affairs"),
    path(
        "results/<int:pk>/noi-vu/thi-dua-khen-thuong.xlsx",
        views_home_affairs.emulation_xlsx,
        name="home-affairs-emulation",
    ),
    path(
        "results/<int:pk>/noi-vu/chi-so-cchc.xlsx",
        views_home_affairs.par_xlsx,
        name="home-affairs-par",
    ),
    path(f"{CAMPAIGN}bao-cao-bo.docx", views_home_affairs.ministry_report, name="ministry-report"),
]
