"""The admin site of the project: its header, and who may enter it (`access.permissions.may_use_admin`: staff and
every holder of the administrator role), also through its own login page."""
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class JuesuanAdminSite(admin.AdminSite):
    site_header = "部门决算公开系统 · 管理"
    site_title = "部门决算公开系统"
    index_title = "管理首页"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from config.admin_forms import AdminLoginForm  # the site is made once the apps are loaded

        self.login_form = AdminLoginForm

    def has_permission(self, request):
        from apps.access.permissions import may_use_admin  # the models are loaded once the site is asked

        return may_use_admin(request.user)


class JuesuanAdminConfig(AdminConfig):
    default_site = "config.admin.JuesuanAdminSite"
