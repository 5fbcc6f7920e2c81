"""The login page: without a `next`, each person lands where their work is (`landing_url_name`)."""
from django.contrib.auth import views as auth_views
from django.shortcuts import resolve_url

from apps.access.permissions import landing_url_name


class LoginView(auth_views.LoginView):
    def get_default_redirect_url(self):
        return resolve_url(landing_url_name(self.request.user))
