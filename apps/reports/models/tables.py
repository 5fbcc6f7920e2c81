"""The leaf facts of the nine public tables. Every printed subtotal and total is computed (`computation.py`).

Amounts are stored in 元 with two decimals (`money.amount_field`); NULL is a blank cell, distinct from 0.00.
Field names of the line models are the column keys declared in `layouts.py`, and the database refuses a negative
figure in every entered cell the layout does not declare `signed` (the carry-overs and balances may be negative).
"""
from django.db import models

from apps.reports.layouts import (
    BASIC,
    EXPENDITURE,
    FACTS,
    FUND_COLUMNS,
    GENERAL_BUDGET,
    INCOME,
    THREE_PUBLIC,
    TableCode,
)
from apps.reports.money import amount_field

from .catalogues import EconomicSubject, FunctionalSubject
from .report import Report


def non_negative(model_name: str, *fields: str) -> list[models.CheckConstraint]:
    """The template has no negative amounts in these columns."""
    return [
        models.CheckConstraint(
            condition=models.Q(**{f"{f}__gte": 0}) | models.Q(**{f"{f}__isnull": True}),
            name=f"{model_name}_{f}_non_negative",
        )
        for f in fields
    ]


def unsigned(columns) -> list[str]:
    """The entered columns of a layout that are not declared `signed`."""
    return [c.key for c in columns if not c.computed and not c.signed]


class BalanceFacts(models.Model):
    """Figures of 公开01表/04表 that follow from no other table: fiscal income and the carry-overs."""

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="balance")
    general_budget_income = amount_field("一般公共预算财政拨款收入")
    non_fiscal_balance_used = amount_field("使用非财政拨款结余")
    opening_balance = amount_field("年初结转和结余")
    surplus_distribution = amount_field("结余分配")
    closing_balance = amount_field("年末结转和结余")
    fiscal_opening_general_budget = amount_field("年初财政拨款结转和结余（一般公共预算财政拨款）")
    fiscal_closing_general_budget = amount_field("年末财政拨款结转和结余（一般公共预算财政拨款）")

    class Meta:
        verbose_name = "收支总表填报数"
        verbose_name_plural = "收支总表填报数"
        constraints = non_negative("balancefacts", *(fact.field for fact in FACTS if not fact.signed))

    def __str__(self):
        return f"{self.report} 收支总表填报数"


class FunctionalLine(models.Model):
    """A 项 row of a table by 支出功能分类; 款, 类 and 合计 rows are computed from these."""

    subject = models.ForeignKey(FunctionalSubject, verbose_name="功能分类科目（项）", on_delete=models.PROTECT)

    class Meta:
        abstract = True
        ordering = ["subject__code"]

    def __str__(self):
        return str(self.subject)


class IncomeLine(FunctionalLine):
    """公开02表 收入决算表."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="income_lines")
    fiscal = amount_field("财政拨款收入")
    superior = amount_field("上级补助收入")
    business = amount_field("事业收入")
    operating = amount_field("经营收入")
    affiliated = amount_field("附属单位上缴收入")
    other = amount_field("其他收入")

    class Meta(FunctionalLine.Meta):
        verbose_name = "收入决算表行"
        verbose_name_plural = "收入决算表（公开02表）"
        constraints = [
            models.UniqueConstraint(fields=["report", "subject"], name="incomeline_unique_subject"),
            *non_negative("incomeline", *unsigned(INCOME.columns)),
        ]


class ExpenditureLine(FunctionalLine):
    """公开03表 支出决算表."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="expenditure_lines")
    basic = amount_field("基本支出")
    project = amount_field("项目支出")
    to_superior = amount_field("上缴上级支出")
    operating = amount_field("经营支出")
    subsidy = amount_field("对附属单位补助支出")

    class Meta(FunctionalLine.Meta):
        verbose_name = "支出决算表行"
        verbose_name_plural = "支出决算表（公开03表）"
        constraints = [
            models.UniqueConstraint(fields=["report", "subject"], name="expenditureline_unique_subject"),
            *non_negative("expenditureline", *unsigned(EXPENDITURE.columns)),
        ]


class GeneralBudgetLine(FunctionalLine):
    """公开05表 一般公共预算财政拨款支出决算表."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="general_budget_lines")
    basic = amount_field("基本支出")
    project = amount_field("项目支出")

    class Meta(FunctionalLine.Meta):
        verbose_name = "一般公共预算财政拨款支出决算表行"
        verbose_name_plural = "一般公共预算财政拨款支出决算表（公开05表）"
        constraints = [
            models.UniqueConstraint(fields=["report", "subject"], name="generalbudgetline_unique_subject"),
            *non_negative("generalbudgetline", *unsigned(GENERAL_BUDGET.columns)),
        ]


class FundLine(FunctionalLine):
    """公开08表 政府性基金 / 公开09表 国有资本经营 预算财政拨款收入支出决算表."""

    TABLES = [
        (TableCode.GOVERNMENT_FUND.value, TableCode.GOVERNMENT_FUND.label),
        (TableCode.STATE_CAPITAL.value, TableCode.STATE_CAPITAL.label),
    ]

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="fund_lines")
    table = models.CharField("表", max_length=20, choices=TABLES)
    opening = amount_field("年初结转和结余")
    income = amount_field("本年收入")
    basic = amount_field("基本支出")
    project = amount_field("项目支出")
    closing = amount_field("年末结转和结余")

    class Meta(FunctionalLine.Meta):
        verbose_name = "政府性基金/国有资本经营收支决算表行"
        verbose_name_plural = "政府性基金/国有资本经营收支决算表（公开08表、09表）"
        constraints = [
            models.UniqueConstraint(fields=["report", "table", "subject"], name="fundline_unique_subject"),
            *non_negative("fundline", *unsigned(FUND_COLUMNS)),
        ]


class BasicExpenditureLine(models.Model):
    """A 款 row of 公开06表 一般公共预算财政拨款基本支出决算表; 类 rows and the two totals are computed."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="basic_lines")
    subject = models.ForeignKey(EconomicSubject, verbose_name="经济分类科目（款）", on_delete=models.PROTECT)
    amount = amount_field("决算数")

    class Meta:
        verbose_name = "基本支出决算表行"
        verbose_name_plural = "一般公共预算财政拨款基本支出决算表（公开06表）"
        ordering = ["subject__code"]
        constraints = [
            models.UniqueConstraint(fields=["report", "subject"], name="basicline_unique_subject"),
            *non_negative("basicline", *unsigned(BASIC.columns)),
        ]

    def __str__(self):
        return str(self.subject)


THREE_PUBLIC_LEAVES = (
    "budget_abroad", "budget_vehicle_purchase", "budget_vehicle_operation", "budget_reception",
    "actual_abroad", "actual_vehicle_purchase", "actual_vehicle_operation", "actual_reception",
)


class ThreePublicExpenditure(models.Model):
    """公开07表 “三公”经费支出决算表: the eight entered cells (合计 and 小计 are computed)."""

    LEAVES = THREE_PUBLIC_LEAVES

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="three_public")
    budget_abroad = amount_field("预算数：因公出国（境）费")
    budget_vehicle_purchase = amount_field("预算数：公务用车购置费")
    budget_vehicle_operation = amount_field("预算数：公务用车运行费")
    budget_reception = amount_field("预算数：公务接待费")
    actual_abroad = amount_field("决算数：因公出国（境）费")
    actual_vehicle_purchase = amount_field("决算数：公务用车购置费")
    actual_vehicle_operation = amount_field("决算数：公务用车运行费")
    actual_reception = amount_field("决算数：公务接待费")

    class Meta:
        verbose_name = "“三公”经费支出决算表"
        verbose_name_plural = "“三公”经费支出决算表"
        constraints = non_negative("threepublic", *unsigned(THREE_PUBLIC.columns))

    def __str__(self):
        return f"{self.report} “三公”经费"


class PinnedTotal(models.Model):
    """The figure a document prints in a computed cell (a total, or a figure taken from another table) where it
    differs from what the cell's parts give: an approved figure fixed by hand (尾数调整, `services.total_pin`,
    within the rounding tolerance) or a printed figure of an imported document (`pins.printed_figures_write`).
    """

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="pinned_totals")
    table = models.CharField("表", max_length=20, choices=TableCode.choices)
    row_key = models.CharField("行", max_length=64)
    column_key = models.CharField("栏", max_length=32)
    value = amount_field("批复数", null=False, blank=False)

    class Meta:
        verbose_name = "尾数调整"
        verbose_name_plural = "尾数调整"
        constraints = [
            models.UniqueConstraint(fields=["report", "table", "row_key", "column_key"], name="pinnedtotal_unique_cell"),
        ]

    def __str__(self):
        return f"{self.get_table_display()} {self.row_key} {self.column_key}"


class TableNote(models.Model):
    """A 说明 printed under a table, e.g. why 公开08表 has no data."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="table_notes")
    table = models.CharField("表", max_length=20, choices=TableCode.choices)
    text = models.TextField("说明", max_length=2000)

    class Meta:
        verbose_name = "空表说明"
        verbose_name_plural = "空表说明"
        constraints = [models.UniqueConstraint(fields=["report", "table"], name="tablenote_unique_table")]

    def __str__(self):
        return self.text[:40]
