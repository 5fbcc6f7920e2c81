from django.urls import path

from apps.performance import views

urlpatterns = [
    path("entry/<slug:department>/<int:year>/sheets/", views.sheet_list, name="sheet-list"),
    path("entry/<slug:department>/<int:year>/sheets/new/", views.sheet_new, name="sheet-new"),
    path("entry/<slug:department>/<int:year>/sheets/<int:order>/", views.sheet_edit, name="sheet-edit"),
]
