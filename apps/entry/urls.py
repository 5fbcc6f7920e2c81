from django.urls import path

from apps.entry.views import imports, pages, submission

urlpatterns = [
    path("entry/", pages.entry_home, name="entry-home"),
    path("entry/<slug:department>/<int:year>/", pages.entry_overview, name="entry-overview"),
    path("entry/<slug:department>/<int:year>/tables/<slug:table>/", pages.entry_table, name="entry-table"),
    path("entry/<slug:department>/<int:year>/subjects/", pages.entry_subjects, name="entry-subjects"),
    path("entry/<slug:department>/<int:year>/sections/<slug:part>/", pages.entry_section, name="entry-section"),
    path("entry/<slug:department>/<int:year>/explanations/", pages.entry_explanations, name="entry-explanations"),
    path("entry/<slug:department>/<int:year>/import/", imports.entry_import, name="entry-import"),
    path("entry/<slug:department>/<int:year>/submit/", submission.entry_submit, name="entry-submit"),
    path("entry/<slug:department>/<int:year>/correct/", submission.entry_correct, name="entry-correct"),
]
