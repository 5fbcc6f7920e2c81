from django.contrib.sitemaps.views import sitemap
from django.urls import path

from apps.reports import (
    dashboard_views, entry_views, interchange_views, job_views, portal_views, review_views, views,
)
from apps.reports.caching import public_page
from apps.reports.sitemaps import SITEMAPS

urlpatterns = [
    path("", portal_views.home, name="home"),
    path("departments/<slug:code>/", portal_views.department_page, name="department"),
    path("departments/<slug:code>/compare/", portal_views.department_compare, name="department-compare"),
    path("open-data/", portal_views.open_data, name="open-data"),
    path("open-data/catalogue.json", portal_views.open_data_catalogue, name="open-data-catalogue"),
    path("open-data/report.schema.json", portal_views.open_data_schema, name="open-data-schema"),
    path("open-data/tables.csv", portal_views.open_data_csv, name="open-data-csv"),
    path("corrections/", portal_views.corrections, name="corrections"),
    path("sitemap.xml", public_page("p")(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("rules/", views.rule_catalogue, name="rule-catalogue"),
    path("reports/<slug:department>/<int:year>/", views.report_page, name="report"),
    path("reports/<slug:department>/<int:year>/r<int:revision>/", views.report_page, name="report-revision"),
    path("reports/<slug:department>/<int:year>/document.pdf", views.report_pdf, name="report-pdf-latest"),
    path("reports/<slug:department>/<int:year>/r<int:revision>/document.pdf", views.report_pdf, name="report-pdf"),
    path("entry/", entry_views.entry_home, name="entry-home"),
    path("entry/<slug:department>/<int:year>/", entry_views.entry_overview, name="entry-overview"),
    path("entry/<slug:department>/<int:year>/tables/<slug:table>/", entry_views.entry_table, name="entry-table"),
    path("entry/<slug:department>/<int:year>/subjects/", entry_views.entry_subjects, name="entry-subjects"),
    path("entry/<slug:department>/<int:year>/sections/<slug:part>/", entry_views.entry_section, name="entry-section"),
    path("bureau/import/", interchange_views.bureau_import, name="bureau-import"),
    path("jobs/<uuid:token>/", job_views.job_page, name="job"),
    path("jobs/<uuid:token>/status.json", job_views.job_status, name="job-status"),
    path("jobs/<uuid:token>/result", job_views.job_download, name="job-download"),
    path("bureau/dashboard/", dashboard_views.bureau_dashboard, name="bureau-dashboard"),
    path("bureau/dashboard/consolidated/", dashboard_views.bureau_consolidated_xlsx, name="bureau-consolidated"),
    path("entry/<slug:department>/<int:year>/import/", interchange_views.entry_import, name="entry-import"),
    path("reports/<slug:department>/<int:year>/r<int:revision>/report.<slug:fmt>", interchange_views.report_download,
         name="report-download"),
    path("entry/<slug:department>/<int:year>/explanations/", entry_views.entry_explanations,
         name="entry-explanations"),
    path("entry/<slug:department>/<int:year>/submit/", review_views.entry_submit, name="entry-submit"),
    path("entry/<slug:department>/<int:year>/correct/", review_views.entry_correct, name="entry-correct"),
    path("review/", review_views.review_queue, name="review-queue"),
    path("review/<slug:department>/<int:year>/", review_views.review_report, name="review-report"),
    path("review/<slug:department>/<int:year>/action/", review_views.review_action, name="review-action"),
    path("review/<slug:department>/<int:year>/comments/", review_views.review_comment, name="review-comment"),
    path("review/<slug:department>/<int:year>/explanations/<int:explanation_id>/", review_views.review_judge,
         name="review-judge"),
    path("reports/<slug:department>/<int:year>/r<int:revision>/history/", review_views.report_history,
         name="report-history"),
]
