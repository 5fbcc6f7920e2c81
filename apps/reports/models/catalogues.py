"""Catalogues versioned by fiscal year, loaded from the data files under `apps/reports/catalogues/<year>/`."""
from django.db import models

from apps.reports.editions import DEFAULT_EDITION, choices
from apps.reports.layouts import SummaryClasses

YEAR_FIELD = dict(verbose_name="年度")


class FiscalYear(models.Model):
    """Settings of one fiscal year; a new report copies them."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    summary_classes = models.CharField(
        "公开01表/04表支出类数", max_length=2, choices=SummaryClasses.choices, default=SummaryClasses.ALL_26
    )
    edition = models.CharField("公开模板版式", max_length=40, choices=choices, default=DEFAULT_EDITION,
                               help_text="本年度新建的部门决算默认采用的版式（地区另有选择的，按地区的选择）")

    class Meta:
        verbose_name = "财政年度设置"
        verbose_name_plural = "财政年度设置"
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year}年度"


class FunctionalSubject(models.Model):
    """支出功能分类科目: 类 (3 digits), 款 (5), 项 (7)."""

    class Level(models.IntegerChoices):
        CLASS = 1, "类"
        SECTION = 2, "款"
        ITEM = 3, "项"

    CODE_LENGTH = {Level.CLASS: 3, Level.SECTION: 5, Level.ITEM: 7}

    fiscal_year = models.PositiveSmallIntegerField(**YEAR_FIELD)
    code = models.CharField("科目编码", max_length=7)
    name = models.CharField("科目名称", max_length=64)
    level = models.PositiveSmallIntegerField("级次", choices=Level.choices)

    class Meta:
        verbose_name = "支出功能分类科目"
        verbose_name_plural = "支出功能分类科目"
        ordering = ["fiscal_year", "code"]
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "code"], name="functional_subject_unique_code"),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    @classmethod
    def level_of(cls, code: str) -> int:
        for level, length in cls.CODE_LENGTH.items():
            if len(code) == length and code.isdigit():
                return level
        raise ValueError(f"“{code}”不是 3、5 或 7 位的功能分类科目编码")

    @property
    def class_code(self) -> str:
        return self.code[:3]

    @property
    def section_code(self) -> str:
        return self.code[:5]


class EconomicSubject(models.Model):
    """部门预算支出经济分类科目: 类 (3 digits) and 款 (5)."""

    fiscal_year = models.PositiveSmallIntegerField(**YEAR_FIELD)
    code = models.CharField("科目编码", max_length=5)
    name = models.CharField("科目名称", max_length=64)

    class Meta:
        verbose_name = "部门预算支出经济分类科目"
        verbose_name_plural = "部门预算支出经济分类科目"
        ordering = ["fiscal_year", "code"]
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "code"], name="economic_subject_unique_code"),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def is_class(self) -> bool:
        return len(self.code) == 3


class StandardGlossaryTerm(models.Model):
    """The standard 名词解释 of a fiscal year; a report copies them and may add its own."""

    fiscal_year = models.PositiveSmallIntegerField(**YEAR_FIELD)
    order = models.PositiveSmallIntegerField("序号")
    term = models.CharField("名词", max_length=64)
    definition = models.TextField("解释", max_length=2000)

    class Meta:
        verbose_name = "标准名词解释"
        verbose_name_plural = "标准名词解释"
        ordering = ["fiscal_year", "order"]
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "term"], name="standard_glossary_unique_term"),
        ]

    def __str__(self):
        return self.term


class EditionChoice(models.Model):
    """The edition of the public document chosen for a region's reports of one year; sub-regions inherit it
    (`selectors.edition_for`). A report keeps the edition it was created with."""

    region = models.ForeignKey("accounts.Region", verbose_name="行政区划", on_delete=models.CASCADE,
                               related_name="edition_choices")
    fiscal_year = models.PositiveSmallIntegerField(**YEAR_FIELD)
    edition = models.CharField("公开模板版式", max_length=40, choices=choices)

    class Meta:
        verbose_name = "地区版式选择"
        verbose_name_plural = "地区版式选择"
        ordering = ["region__code", "-fiscal_year"]
        constraints = [models.UniqueConstraint(fields=["region", "fiscal_year"], name="edition_choice_unique")]

    def __str__(self):
        return f"{self.region.name} {self.fiscal_year}年度：{self.get_edition_display()}"
