from django.urls import path

from apps.review import views

urlpatterns = [
    path("review/", views.review_queue, name="review-queue"),
    path("review/<slug:department>/<int:year>/", views.review_report, name="review-report"),
    path("review/<slug:department>/<int:year>/action/", views.review_action, name="review-action"),
    path("review/<slug:department>/<int:year>/comments/", views.review_comment, name="review-comment"),
    path("review/<slug:department>/<int:year>/explanations/<int:explanation_id>/", views.review_judge,
         name="review-judge"),
    path("review/<slug:department>/<int:year>/explanations/accept-all/", views.review_accept_all,
         name="review-accept-all"),
    path("reports/<slug:department>/<int:year>/r<int:revision>/history/", views.report_history,
         name="report-history"),
]
