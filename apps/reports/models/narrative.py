"""The parts of the document outside the tables: 概况, 情况说明 and the facts it needs, 名词解释, 附件."""
from django.db import models

from apps.reports.money import amount_field
from apps.reports.outline import NARRATIVE_CHOICES

from .catalogues import FunctionalSubject
from .report import Report


def count_field(verbose_name: str):
    return models.PositiveIntegerField(verbose_name, null=True, blank=True)


def text_field(verbose_name: str, max_length: int = 2000):
    return models.TextField(verbose_name, max_length=max_length, blank=True)


class ReportOverview(models.Model):
    """第一部分 概况."""

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="overview")
    duties = models.TextField("部门职责", max_length=10000, blank=True)
    organisation = models.TextField("机构设置", max_length=10000, blank=True)
    composition = models.TextField("决算单位构成", max_length=2000, blank=True)

    class Meta:
        verbose_name = "概况"
        verbose_name_plural = "概况"

    def __str__(self):
        return f"{self.report} 概况"


class NarrativeSection(models.Model):
    """The text of one (sub-)section of 第三部分 情况说明, and the reason the accountant gives in it."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="narrative_sections")
    key = models.CharField("章节", max_length=40, choices=NARRATIVE_CHOICES)
    body = models.TextField("正文（自行撰写时）", max_length=20000, blank=True)
    reason = models.TextField("主要原因", max_length=2000, blank=True)
    use_generated = models.BooleanField(
        "使用系统生成的文字", default=True,
        help_text="数字由系统按报表生成，只需填写原因；取消后按自行撰写的正文公开，系统核对其中的数字。")

    class Meta:
        verbose_name = "情况说明章节"
        verbose_name_plural = "情况说明章节"
        constraints = [models.UniqueConstraint(fields=["report", "key"], name="narrativesection_unique_key")]

    def __str__(self):
        return self.get_key_display()


class NarrativeFacts(models.Model):
    """Figures the 情况说明 states that no table holds: last year's totals, 机关运行经费, 政府采购, 国有资产,
    “三公” activity counts and the 预算绩效 amounts. Kept by meaning, for every edition; an edition asks for those
    its sentences state (`Edition.facts`)."""

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="narrative_facts")
    previous_total = amount_field("上年收入支出总计")
    previous_fiscal_total = amount_field("上年财政拨款收入支出总计")
    previous_general_budget_expenditure = amount_field("上年一般公共预算财政拨款支出")
    operating_cost = amount_field("机关运行经费")
    previous_operating_cost = amount_field("上年机关运行经费")
    procurement_goods = amount_field("政府采购货物支出")
    procurement_works = amount_field("政府采购工程支出")
    procurement_services = amount_field("政府采购服务支出")
    procurement_sme = amount_field("授予中小企业合同金额")
    procurement_small_micro = amount_field("其中：授予小微企业合同金额")
    vehicles = count_field("车辆（辆）")
    general_equipment = count_field("单位价值 50 万元以上通用设备（台、套）")
    special_equipment = count_field("单位价值 100 万元以上专用设备（台、套）")
    abroad_groups = count_field("因公出国（境）团组（个）")
    abroad_persons = count_field("因公出国（境）人次")
    vehicles_purchased = count_field("购置公务用车（辆）")
    vehicles_held = count_field("期末公务用车保有量（辆）")
    foreign_reception_amount = amount_field("外宾接待支出")
    foreign_reception_groups = count_field("接待国（境）外来访团组（个）")
    foreign_reception_persons = count_field("来访外宾（人次）")
    domestic_reception_amount = amount_field("国内公务接待支出")
    domestic_reception_groups = count_field("接待国内来访团组（个）")
    domestic_reception_persons = count_field("国内来宾（人次）")
    performance_total = amount_field("纳入预算绩效管理的支出总额")
    performance_personnel = amount_field("其中：人员经费支出")
    performance_public = amount_field("其中：公用经费支出")
    key_evaluations = count_field("纳入重点绩效评价的项目（个）")
    key_evaluation_amount = amount_field("重点绩效评价金额")
    key_evaluation_result = models.TextField("重点绩效评价结果", max_length=5000, blank=True)
    # “三公”经费 against last year, and what it paid for (上海 2024 情况说明 七)
    previous_three_public_abroad = amount_field("上年因公出国（境）费支出决算")
    previous_three_public_vehicle = amount_field("上年公务用车购置及运行维护费支出决算")
    previous_three_public_reception = amount_field("上年公务接待费支出决算")
    abroad_change_reason = text_field("因公出国（境）费支出增减的主要原因")
    vehicle_change_reason = text_field("公务用车购置及运行维护费支出增减的主要原因")
    reception_change_reason = text_field("公务接待费支出增减的主要原因")
    abroad_content = text_field("因公出国（境）费开支内容")
    vehicle_purchase_use = text_field("公务用车购置支出主要用于（列明购置数量）")
    vehicle_operation_use = text_field("公务用车运行维护支出主要用于")
    reception_use = text_field("公务接待费主要用于")
    # 政府采购: the amounts reserved for and awarded to 中小企业 and 小微企业 (上海 2024 情况说明 十一（二）)
    procurement_sme_reserved = amount_field("面向中小企业预留政府采购项目预算金额")
    procurement_small_micro_reserved = amount_field("面向小微企业预留政府采购项目预算金额")
    procurement_sme_reserved_awarded = amount_field("预留中小企业的项目中由中小企业中标或成交的采购金额")
    procurement_small_micro_reserved_awarded = amount_field("预留小微企业的项目中由小微企业中标或成交的采购金额")
    procurement_sme_other_awarded = amount_field("其他项目中由中小企业中标或成交的采购金额")
    # 国有资产: vehicles by the eight categories and equipment over 1 million (上海 2024 情况说明 十一（三）)
    vehicles_ministerial = count_field("部级领导干部用车（辆）")
    vehicles_principal = count_field("主要领导干部用车（辆）")
    vehicles_confidential = count_field("机要通信用车（辆）")
    vehicles_emergency = count_field("应急保障用车（辆）")
    vehicles_law_enforcement = count_field("执法执勤用车（辆）")
    vehicles_special = count_field("特种专业技术用车（辆）")
    vehicles_retired = count_field("离退休干部用车（辆）")
    vehicles_other = count_field("其他用车（辆）")
    equipment_over_million = count_field("单价 100 万元（含）以上设备（不含车辆）（台、套）")
    # 预算绩效管理 (上海 2024 情况说明 十)
    performance_rules = text_field("预算绩效管理制度（制度名称）")
    performance_mechanism = text_field("预算绩效管理工作机制")
    goal_projects = count_field("编报绩效目标的项目（个）")
    goal_amount = amount_field("编报绩效目标的项目涉及预算金额")
    tracking_projects = count_field("绩效跟踪评价的项目（个）")
    tracking_amount = amount_field("绩效跟踪评价的项目涉及预算金额")
    problems_found = count_field("绩效自评中发现的问题（个）")
    problems_fixed = count_field("已经完成整改的问题（个）")
    problems_fixing = count_field("正在整改的问题（个）")

    class Meta:
        verbose_name = "情况说明填报数"
        verbose_name_plural = "情况说明填报数"

    def __str__(self):
        return f"{self.report} 情况说明填报数"


class ItemBudget(models.Model):
    """年初预算数 of one 项 of 一般公共预算财政拨款支出, and why 决算 differs from it (情况说明 五（三）)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="item_budgets")
    subject = models.ForeignKey(FunctionalSubject, verbose_name="功能分类科目（项）", on_delete=models.PROTECT)
    initial_budget = amount_field("年初预算数")
    variance_reason = models.TextField("决算数与年初预算数差异的主要原因", max_length=2000, blank=True)
    purpose = models.TextField("主要用于", max_length=2000, blank=True)

    class Meta:
        verbose_name = "项级年初预算"
        verbose_name_plural = "项级年初预算"
        ordering = ["subject__code"]
        constraints = [models.UniqueConstraint(fields=["report", "subject"], name="itembudget_unique_subject")]

    def __str__(self):
        return str(self.subject)


class GlossaryEntry(models.Model):
    """One 名词解释 of a report: copied from the fiscal year's standard list, or added by the department."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="glossary")
    order = models.PositiveSmallIntegerField("序号")
    term = models.CharField("名词", max_length=64)
    definition = models.TextField("解释", max_length=2000)
    is_standard = models.BooleanField("标准名词", default=False)

    class Meta:
        verbose_name = "名词解释"
        verbose_name_plural = "名词解释"
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["report", "term"], name="glossaryentry_unique_term")]

    def __str__(self):
        return self.term


class Attachment(models.Model):
    """第五部分 附件: free-form documents such as the self-evaluation reports."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    order = models.PositiveSmallIntegerField("序号")
    label = models.CharField("编号", max_length=20, help_text="例如：附件 1")
    title = models.CharField("标题", max_length=200)
    body = models.TextField("正文", max_length=50000, blank=True)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["report", "order"], name="attachment_unique_order")]

    def __str__(self):
        return f"{self.label} {self.title}"


class WarningExplanation(models.Model):
    """The accountant's written explanation of a warning (警告) of the rules; the reviewer later judges it."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="warning_explanations")
    code = models.CharField("规则编号", max_length=20)
    signature = models.CharField("所涉单元格", max_length=500)
    text = models.TextField("说明", max_length=2000)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Verdict(models.TextChoices):
        PENDING = "pending", "待审核"
        ACCEPTED = "accepted", "认可"
        REJECTED = "rejected", "不认可"

    verdict = models.CharField("审核意见", max_length=20, choices=Verdict.choices, default=Verdict.PENDING)
    verdict_note = models.TextField("不认可的理由", max_length=500, blank=True)

    class Meta:
        verbose_name = "警告说明"
        verbose_name_plural = "警告说明"
        constraints = [
            models.UniqueConstraint(fields=["report", "code", "signature"], name="warningexplanation_unique"),
        ]

    def __str__(self):
        return f"{self.code} {self.text[:30]}"

    @property
    def anchor(self) -> str:
        """Its id on the reviewer's page (where a verdict on it returns)."""
        return f"explanation-{self.pk}"

    @property
    def verdict_status(self) -> str:
        """The verdict as the reviewer's page shows it: 待审核, 认可, or 不认可 with its reason."""
        shown = self.get_verdict_display()
        return f"{shown}：{self.verdict_note}" if self.verdict_note else shown

    @classmethod
    def signature_of(cls, finding) -> str:
        """The cells a finding names, as kept (within the field's length): with the rule's code, what pairs a
        warning with its explanation (`selectors.explanations_of`)."""
        return ";".join(f"{c.table}:{c.row}:{c.column}" for c in finding.cells)[:cls._meta.get_field("signature").max_length]
