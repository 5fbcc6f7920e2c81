from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from apps.accounts.models import Organisation


class ConsolidatedTotals(models.Model):
    """A bureau's consolidated totals (汇总) of a year as last computed, kept under the digest of the exact set of
    published revisions they add up: a published revision never changes, so the same set always gives the same
    totals, and any other set (a new publication, a correction, a department moved) is computed again."""

    bureau = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+", verbose_name="财政局")
    fiscal_year = models.PositiveSmallIntegerField("年度")
    reports_digest = models.CharField("决算集合摘要", max_length=64)
    reports = models.PositiveIntegerField("已公开决算份数")
    blocks = models.JSONField("汇总数", encoder=DjangoJSONEncoder)  # [[title, [[code, label, "万元"], …]], …]
    computed_at = models.DateTimeField("计算时间", auto_now=True)

    class Meta:
        verbose_name = "汇总数"
        verbose_name_plural = "汇总数"
        constraints = [models.UniqueConstraint(fields=["bureau", "fiscal_year"], name="consolidatedtotals_unique_year")]

    def __str__(self):
        return f"{self.bureau} {self.fiscal_year} 汇总"
