"""Flat data of the accounts app in spreadsheets: regions, organisations, and department accounts created in bulk
(a row per account: username, name, e-mail, organisation code, role, an optional initial password)."""
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from import_export import fields, resources
from import_export.widgets import ForeignKeyWidget

from apps.access.permissions import organisations_administered, regions_administered, users_administered
from apps.accounts.models import Membership, Organisation, Region, User
from apps.accounts.spreadsheets import SafeExportMixin


class RegionResource(SafeExportMixin, resources.ModelResource):
    code = fields.Field("code", "行政区划代码")
    name = fields.Field("name", "名称")
    parent = fields.Field("parent", "上级区划代码", widget=ForeignKeyWidget(Region, "code"))

    class Meta:
        model = Region
        fields = ("code", "name", "parent")
        import_id_fields = ("code",)
        skip_unchanged = True


class OrganisationResource(SafeExportMixin, resources.ModelResource):
    code = fields.Field("code", "机构代码")
    name = fields.Field("name", "机构名称")
    kind = fields.Field("kind", "类型（finance_bureau / department / unit）")
    region = fields.Field("region", "所属区划代码", widget=ForeignKeyWidget(Region, "code"))
    parent = fields.Field("parent", "上级机构代码", widget=ForeignKeyWidget(Organisation, "code"))
    is_active = fields.Field("is_active", "启用")

    class Meta:
        model = Organisation
        fields = ("code", "name", "short_names", "kind", "region", "parent", "is_active")
        import_id_fields = ("code",)
        skip_unchanged = True
        clean_model_instances = True  # the model's own checks (kind of the parent) run on every row

    def before_save_instance(self, instance, row, **kwargs):
        """An administrator adds and changes organisations under their own bureau only."""
        user = kwargs.get("user")
        if user is None or user.is_superuser:
            return
        administered = organisations_administered(user)
        if not instance._state.adding and not administered.filter(pk=instance.pk).exists():
            raise ValidationError(f"机构“{instance.code}”不属于您管理的财政局，不能修改。")
        if instance.parent_id is None or not administered.filter(pk=instance.parent_id).exists():
            raise ValidationError(f"上级机构应为您管理的财政局或其下属部门（“{instance.code}”）。")
        if not regions_administered(user).filter(pk=instance.region_id).exists():
            raise ValidationError(f"所属区划应为您管理的财政局所在地区或其下级地区（“{instance.code}”）。")


class UserResource(SafeExportMixin, resources.ModelResource):
    """Bulk creation of accounts: the role is granted in the organisation named; a password given is checked by
    the password validators and never exported (the column exports empty)."""

    username = fields.Field("username", "用户名")
    full_name = fields.Field("full_name", "姓名")
    email = fields.Field("email", "电子邮箱")
    organisation = fields.Field(column_name="机构代码", readonly=True)
    role = fields.Field(column_name="角色（accountant / reviewer / administrator）", readonly=True)
    password = fields.Field(column_name="初始密码（可空）", readonly=True)

    class Meta:
        model = User
        fields = ("username", "full_name", "email", "organisation", "role", "password")
        import_id_fields = ("username",)
        clean_model_instances = True  # the username's and e-mail's own checks (`validate_instance`)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The model's own checks (username, e-mail, uniqueness) but the password's: it is set, checked by the
        password validators and hashed after them (`before_save_instance`)."""
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(exclude=[*errors, "password"], validate_unique=validate_unique)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def before_import_row(self, row, **kwargs):
        """A username is taken as typed (a trailing space is no other account) and differs from every other one in
        more than letter case."""
        column = self.fields["username"].column_name
        username = str(row.get(column) or "").strip()
        row[column] = username
        if User.objects.filter(username__iexact=username).exclude(username=username).exists():
            raise ValidationError(f"用户名“{username}”与已有用户名只差大小写，请换一个。")

    def dehydrate_organisation(self, user):
        return ",".join(m.organisation.code for m in user.memberships.select_related("organisation"))

    def dehydrate_role(self, user):
        return ",".join(m.role for m in user.memberships.all())

    def dehydrate_password(self, user):
        return ""

    def before_save_instance(self, instance, row, **kwargs):
        code, role = (row.get(self.fields[name].column_name) or "" for name in ("organisation", "role"))
        user = kwargs.get("user")
        scope = organisations_administered(user) if user is not None else Organisation.objects.all()
        organisation = scope.filter(code=str(code).strip()).first()
        if organisation is None:
            raise ValidationError(f"没有机构代码为“{code}”的机构（或不属于您管理的财政局）。")
        if user is not None and not instance._state.adding and not users_administered(user).filter(
                pk=instance.pk).exists():
            raise ValidationError(f"用户“{instance.username}”不属于您管理的财政局，不能修改。")
        if role not in Membership.Role.values:
            raise ValidationError(f"角色“{role}”应为 accountant、reviewer 或 administrator。")
        Membership(user=instance, organisation=organisation, role=role).clean()
        password = str(row.get(self.fields["password"].column_name) or "")
        if password:
            validate_password(password, instance)
            instance.set_password(password)
        elif instance._state.adding:
            instance.set_unusable_password()  # the administrator sets one later, or the person resets it
        instance._granted = (organisation, role)

    def after_save_instance(self, instance, row, **kwargs):
        if not kwargs.get("dry_run"):
            organisation, role = instance._granted
            Membership.objects.get_or_create(user=instance, organisation=organisation, role=role)
