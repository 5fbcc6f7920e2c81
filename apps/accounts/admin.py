"""Organisations, accounts and their roles in the admin. A superuser manages all; an administrator (the role, see
`access.permissions.ADMINISTRATOR_ADMIN_PERMISSIONS`) manages those of their own finance bureau only
(`organisations_administered`, `users_administered`) and never an account's staff or superuser flags."""
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from apps.access.permissions import organisations_administered, regions_administered, users_administered
from apps.accounts.admin_files import FlatDataMixin
from apps.accounts.models import Membership, Organisation, Region, User
from apps.accounts.resources import OrganisationResource, RegionResource, UserResource

# What only a superuser sets on an account: who is staff or superuser, and Django's own groups and permissions
# (the project's roles are memberships).
SUPERUSER_ONLY = ("is_staff", "is_superuser", "groups", "user_permissions")


class OrganisationScopeMixin:
    """Organisations, accounts and regions chosen in a form are those the user administers."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        scopes = {Organisation: organisations_administered, User: users_administered, Region: regions_administered}
        if db_field.related_model in scopes:
            kwargs["queryset"] = scopes[db_field.related_model](request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class RegionScopedAdmin(OrganisationScopeMixin, admin.ModelAdmin):
    """A region's settings (edition choices, grade scales): an administrator sees and sets those of their regions."""

    def get_queryset(self, request):
        return super().get_queryset(request).filter(region__in=regions_administered(request.user))


def memberships_administered(user):
    """Roles an administrator manages: those held in their bureau by the accounts they manage."""
    return Membership.objects.filter(organisation__in=organisations_administered(user),
                                     user__in=users_administered(user))


class MembershipInline(OrganisationScopeMixin, admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(pk__in=memberships_administered(request.user).values("pk"))

    def get_formset(self, request, obj=None, **kwargs):
        """An administrator's new account holds a role in their bureau from the start (else it is nobody's)."""
        if obj is None and not request.user.is_superuser:
            kwargs |= {"min_num": 1, "validate_min": True}
        return super().get_formset(request, obj, **kwargs)


@admin.register(User)
class UserAdmin(FlatDataMixin, BaseUserAdmin):
    resource_classes = [UserResource]
    list_display = ["username", "full_name", "email", "is_active", "roles", "last_login"]
    search_fields = ["username", "full_name", "email"]
    fieldsets = BaseUserAdmin.fieldsets + (("姓名", {"fields": ["full_name"]}),)
    inlines = [MembershipInline]

    @admin.display(description="角色")
    def roles(self, user):
        return "、".join(f"{m.organisation.name}·{m.get_role_display()}" for m in user.memberships.all()) or (
            "超级用户" if user.is_superuser else "—")

    def get_queryset(self, request):
        return (super().get_queryset(request).filter(pk__in=users_administered(request.user).values("pk"))
                .prefetch_related("memberships__organisation"))

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        return [(name, {**options, "fields": [f for f in options["fields"] if f not in SUPERUSER_ONLY]})
                for name, options in fieldsets]


@admin.register(Region)
class RegionAdmin(FlatDataMixin, admin.ModelAdmin):
    resource_classes = [RegionResource]
    list_display = ["code", "name", "parent"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]

    def get_queryset(self, request):  # what an administrator may choose (the autocompletes ask here too)
        return super().get_queryset(request).filter(pk__in=regions_administered(request.user).values("pk"))


@admin.register(Organisation)
class OrganisationAdmin(OrganisationScopeMixin, FlatDataMixin, admin.ModelAdmin):
    resource_classes = [OrganisationResource]
    list_display = ["code", "name", "kind", "region", "parent", "is_active"]
    list_filter = ["kind", "is_active", "region"]
    search_fields = ["code", "name", "short_names"]
    autocomplete_fields = ["region", "parent"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(pk__in=organisations_administered(request.user).values("pk"))

    def get_readonly_fields(self, request, obj=None):
        """An administrator's own bureau keeps its kind, parent and region (a superuser's to change)."""
        if obj is not None and obj.kind == Organisation.Kind.FINANCE_BUREAU and not request.user.is_superuser:
            return ["kind", "parent", "region"]
        return super().get_readonly_fields(request, obj)

    def get_form(self, request, obj=None, **kwargs):
        """An administrator adds departments and units under their bureau: a parent is required and no finance
        bureau is offered (a bureau is created by a superuser)."""
        form = super().get_form(request, obj, **kwargs)
        if not request.user.is_superuser and not (obj and obj.kind == Organisation.Kind.FINANCE_BUREAU) \
                and "parent" in form.base_fields:
            form.base_fields["parent"].required = True
            form.base_fields["kind"].choices = [c for c in form.base_fields["kind"].choices
                                                if c[0] != Organisation.Kind.FINANCE_BUREAU]
        return form


@admin.register(Membership)
class MembershipAdmin(OrganisationScopeMixin, admin.ModelAdmin):
    list_display = ["user", "organisation", "role"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__full_name", "organisation__name", "organisation__code"]
    autocomplete_fields = ["user", "organisation"]

    def has_change_permission(self, request, obj=None):
        """Also asked of the roles an organisation's deletion would take with it: none outside the administrator's."""
        return super().has_change_permission(request, obj) and (
            obj is None or memberships_administered(request.user).filter(pk=obj.pk).exists())

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or memberships_administered(request.user).filter(pk=obj.pk).exists())

    def get_queryset(self, request):
        return super().get_queryset(request).filter(pk__in=memberships_administered(request.user).values("pk"))
