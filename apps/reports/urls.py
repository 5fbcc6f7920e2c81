from django.urls import path

from apps.reports import views

urlpatterns = [
    path("", views.home, name="home"),
    path("rules/", views.rule_catalogue, name="rule-catalogue"),
    path("reports/<slug:department>/<int:year>/", views.report_page, name="report"),
    path("reports/<slug:department>/<int:year>/r<int:revision>/", views.report_page, name="report-revision"),
    path("reports/<slug:department>/<int:year>/document.pdf", views.report_pdf, name="report-pdf-latest"),
    path("reports/<slug:department>/<int:year>/r<int:revision>/document.pdf", views.report_pdf, name="report-pdf"),
]
