"""Users, regions, the organisation tree and who holds which role where.

The tree is: finance bureau of a region (e.g. 沁阳市财政局) → departments under it → units under a
department (本级 is the default unit). Roles are held through memberships; `permissions.py` is the one
module that turns them into "may see / may change".
"""
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models


class User(AbstractUser):
    full_name = models.CharField("姓名", max_length=64, blank=True)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self):
        return self.full_name or self.username


class Region(models.Model):
    """An administrative division, addressed by its 6-digit division code (行政区划代码)."""

    code = models.CharField("行政区划代码", max_length=6, unique=True)
    name = models.CharField("名称", max_length=64)
    parent = models.ForeignKey(
        "self", verbose_name="上级区划", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"
        ordering = ["code"]

    def __str__(self):
        return f"{self.name}（{self.code}）"


class Organisation(models.Model):
    class Kind(models.TextChoices):
        FINANCE_BUREAU = "finance_bureau", "财政部门"
        DEPARTMENT = "department", "预算部门"
        UNIT = "unit", "预算单位"

    # Which kind of organisation may sit under which.
    ALLOWED_PARENT = {
        Kind.FINANCE_BUREAU: None,
        Kind.DEPARTMENT: Kind.FINANCE_BUREAU,
        Kind.UNIT: Kind.DEPARTMENT,
    }

    code = models.SlugField("机构代码", max_length=40, unique=True, help_text="例如 410882-zwfw（区划代码-简称）")
    name = models.CharField("机构名称", max_length=128)
    short_names = models.CharField("简称", max_length=200, blank=True,
                                   help_text="部门常用的简称，多个用顿号或逗号分隔，例如 大数据局、政数局：公众按简称也能查到")
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    region = models.ForeignKey(Region, verbose_name="所属区划", on_delete=models.PROTECT, related_name="organisations")
    parent = models.ForeignKey(
        "self", verbose_name="上级机构", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "机构"
        verbose_name_plural = "机构"
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="finance_bureau", parent__isnull=True)
                | models.Q(kind__in=["department", "unit"], parent__isnull=False),
                name="organisation_parent_matches_kind",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.kind not in self.Kind.values:  # refused by its own field
            return
        node = self.parent
        while node is not None and self.pk is not None:
            if node.pk == self.pk:
                raise ValidationError({"parent": "上级机构不能是本机构或其下级机构。"})
            node = node.parent
        expected = self.ALLOWED_PARENT[self.Kind(self.kind)]
        actual = self.parent.kind if self.parent_id else None
        if expected != actual:
            raise ValidationError(
                {"parent": f"{self.Kind(self.kind).label}的上级必须是{self.Kind(expected).label if expected else '空'}。"}
            )

    @property
    def finance_bureau(self):
        """The finance bureau this organisation reports to (itself for a bureau)."""
        node = self
        while node.parent_id is not None:
            node = node.parent
        return node


class Membership(models.Model):
    class Role(models.TextChoices):
        ACCOUNTANT = "accountant", "部门会计"
        REVIEWER = "reviewer", "财政局审核人"
        ADMINISTRATOR = "administrator", "管理员"

    # The organisation kind each role is held in.
    ROLE_ORGANISATION_KIND = {
        Role.ACCOUNTANT: Organisation.Kind.DEPARTMENT,
        Role.REVIEWER: Organisation.Kind.FINANCE_BUREAU,
        Role.ADMINISTRATOR: Organisation.Kind.FINANCE_BUREAU,
    }

    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, verbose_name="机构", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField("角色", max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = "角色授权"
        verbose_name_plural = "角色授权"
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="membership_unique_role"),
        ]

    def __str__(self):
        return f"{self.user} · {self.organisation} · {self.get_role_display()}"

    def clean(self):
        if self.role not in self.Role.values:  # refused by its own field
            return
        expected = self.ROLE_ORGANISATION_KIND[self.Role(self.role)]
        if self.organisation_id and self.organisation.kind != expected:
            raise ValidationError(
                {"organisation": f"“{self.Role(self.role).label}”只能授予{Organisation.Kind(expected).label}。"}
            )
