"""The administrator role's permissions in the admin, derived from the role whenever it is asked (never stored on
the account, so every way of creating an account or granting the role gives the same; taking the role away takes
them away)."""
from django.contrib.auth.backends import BaseBackend

from apps.access.permissions import ADMINISTRATOR_ADMIN_PERMISSIONS, holds_administrator_role

CACHE = "_administrator_role_permissions"


class AdministratorRoleBackend(BaseBackend):
    """Authenticates nobody; answers `has_perm` for holders of the administrator role
    (`permissions.ADMINISTRATOR_ADMIN_PERMISSIONS`)."""

    def get_all_permissions(self, user_obj, obj=None):
        if obj is not None or not getattr(user_obj, "is_authenticated", False):
            return set()
        if not hasattr(user_obj, CACHE):  # once per request (the user object is the request's)
            setattr(user_obj, CACHE, set(ADMINISTRATOR_ADMIN_PERMISSIONS) if holds_administrator_role(user_obj)
                    else set())
        return getattr(user_obj, CACHE)

    def has_module_perms(self, user_obj, app_label):
        return any(perm.startswith(f"{app_label}.") for perm in self.get_all_permissions(user_obj))
