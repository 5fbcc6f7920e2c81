from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from apps.accounts.admin_files import FlatDataMixin
from apps.accounts.models import Membership, Organisation, Region, User
from apps.accounts.resources import OrganisationResource, RegionResource, UserResource


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(User)
class UserAdmin(FlatDataMixin, BaseUserAdmin):
    resource_classes = [UserResource]
    list_display = ["username", "full_name", "email", "is_active", "is_staff", "last_login"]
    search_fields = ["username", "full_name", "email"]
    fieldsets = BaseUserAdmin.fieldsets + (("姓名", {"fields": ["full_name"]}),)
    inlines = [MembershipInline]


@admin.register(Region)
class RegionAdmin(FlatDataMixin, admin.ModelAdmin):
    resource_classes = [RegionResource]
    list_display = ["code", "name", "parent"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]


@admin.register(Organisation)
class OrganisationAdmin(FlatDataMixin, admin.ModelAdmin):
    resource_classes = [OrganisationResource]
    list_display = ["code", "name", "kind", "region", "parent", "is_active"]
    list_filter = ["kind", "is_active", "region"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["region", "parent"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__full_name", "organisation__name", "organisation__code"]
    autocomplete_fields = ["user", "organisation"]
