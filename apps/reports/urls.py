from django.urls import path

from apps.reports import views

urlpatterns = [
    path("", views.home, name="home"),
]
urlpatterns += [
    path("rules/", views.rule_catalogue, name="rule-catalogue"),
]
