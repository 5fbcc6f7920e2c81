from django.urls import path

from apps.bureau.views import bulk_import, catalogues, dashboard, drafts, sources

urlpatterns = [
    path("bureau/import/", bulk_import.bureau_import, name="bureau-import"),
    path("bureau/catalogues/", catalogues.catalogues, name="bureau-catalogues"),
    path("bureau/dashboard/", dashboard.bureau_dashboard, name="bureau-dashboard"),
    path("bureau/dashboard/consolidated/", dashboard.bureau_consolidated_xlsx, name="bureau-consolidated"),
    path("bureau/reports/<slug:department>/<int:year>/draft/", drafts.draft_settings, name="bureau-draft"),
    path("bureau/reports/<slug:department>/<int:year>/draft/delete/", drafts.draft_remove, name="bureau-draft-delete"),
    path("bureau/reports/<slug:department>/<int:year>/source/", sources.historical_source, name="bureau-source"),
]
