from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.templatetags.static import static
from django.urls import include, path

from config.health import healthz
from config.login import LoginView

urlpatterns = [
    path("", include("apps.portal.urls")),
    path("", include("apps.entry.urls")),
    path("", include("apps.performance.urls")),
    path("", include("apps.review.urls")),
    path("", include("apps.bureau.urls")),
    path("", include("apps.jobs.urls")),
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", lambda request: HttpResponseRedirect(static("img/favicon.svg")), name="favicon"),
]
