"""The admin's login form (imported once the apps are loaded, by the site in `config/admin.py`)."""
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError

from apps.access.permissions import may_use_admin


class AdminLoginForm(AdminAuthenticationForm):
    """The admin's login: whoever `may_use_admin` lets in (staff, and administrators, who are no staff)."""

    def confirm_login_allowed(self, user):
        if not may_use_admin(user):
            raise ValidationError(self.error_messages["invalid_login"], code="invalid_login",
                                  params={"username": self.username_field.verbose_name})
