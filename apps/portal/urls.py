from django.contrib.sitemaps.views import sitemap
from django.urls import path

from apps.portal.caching import public_page
from apps.portal.sitemaps import SITEMAPS
from apps.portal.views import downloads, portal, reports

urlpatterns = [
    path("", portal.home, name="home"),
    path("departments/<slug:code>/", portal.department_page, name="department"),
    path("departments/<slug:code>/compare/", portal.department_compare, name="department-compare"),
    path("open-data/", portal.open_data, name="open-data"),
    path("open-data/catalogue.json", portal.open_data_catalogue, name="open-data-catalogue"),
    path("open-data/report.schema.json", portal.open_data_schema, name="open-data-schema"),
    path("open-data/tables.csv", portal.open_data_csv, name="open-data-csv"),
    path("corrections/", portal.corrections, name="corrections"),
    path("sitemap.xml", public_page("p")(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("rules/", reports.rule_catalogue, name="rule-catalogue"),
    path("reports/<slug:department>/<int:year>/", reports.report_page, name="report"),
    path("reports/<slug:department>/<int:year>/r<int:revision>/", reports.report_page, name="report-revision"),
    path("reports/<slug:department>/<int:year>/document.pdf", reports.report_pdf, name="report-pdf-latest"),
    path("reports/<slug:department>/<int:year>/r<int:revision>/document.pdf", reports.report_pdf, name="report-pdf"),
    path("reports/<slug:department>/<int:year>/r<int:revision>/report.<slug:fmt>", downloads.report_download,
         name="report-download"),
]
