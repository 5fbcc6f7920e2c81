from django.urls import path

from apps.jobs import views

urlpatterns = [
    path("jobs/<uuid:token>/", views.job_page, name="job"),
    path("jobs/<uuid:token>/status.json", views.job_status, name="job-status"),
    path("jobs/<uuid:token>/result", views.job_download, name="job-download"),
]
