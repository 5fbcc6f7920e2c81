from django.urls import path

from apps.reports import interchange_views, entry_views, review_views, views

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
    path("bureau/import/", interchange_views.bureau_import, name="bureau-import"),
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
