from django.urls import path

from apps.bureau.views import bulk_import, catalogues, dashboard, editions

urlpatterns = [
    path("bureau/import/", bulk_import.bureau_import, name="bureau-import"),
    path("bureau/catalogues/", catalogues.catalogues, name="bureau-catalogues"),
    path("bureau/dashboard/", dashboard.bureau_dashboard, name="bureau-dashboard"),
    path("bureau/dashboard/consolidated/", dashboard.bureau_consolidated_xlsx, name="bureau-consolidated"),
    path("bureau/reports/<slug:department>/<int:year>/edition/", editions.report_edition, name="bureau-edition"),
]
