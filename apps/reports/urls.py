from django.urls import path

from apps.reports import entry_views, views

urlpatterns = [
    path("", views.home, name="home"),
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
    path("entry/<slug:department>/<int:year>/explanations/", entry_views.entry_explanations,
         name="entry-explanations"),
]
