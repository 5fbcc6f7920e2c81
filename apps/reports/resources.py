"""The yearly catalogues in spreadsheets: 功能分类 and 经济分类 subjects and the standard 名词解释."""
from import_export import fields, resources, widgets

from apps.accounts.spreadsheets import SafeExportMixin
from apps.reports.models import EconomicSubject, FunctionalSubject, StandardGlossaryTerm


class YearWidget(widgets.IntegerWidget):
    """A fiscal year as a spreadsheet holds it (2022, "2022", 2022.0), said wrong in Chinese."""

    def clean(self, value, row=None, **kwargs):
        try:
            year = super().clean(value, row, **kwargs)
        except (ValueError, ArithmeticError):
            year = None
        if year is None or not 2000 <= year <= 2100:
            raise ValueError(f"年度“{value}”应为 2000 至 2100 之间的四位数字。")
        return year


class CatalogueResource(SafeExportMixin, resources.ModelResource):
    fiscal_year = fields.Field("fiscal_year", "年度", widget=YearWidget())

    class Meta:
        skip_unchanged = True
        clean_model_instances = True


class FunctionalSubjectResource(CatalogueResource):
    code = fields.Field("code", "科目编码")
    name = fields.Field("name", "科目名称")
    level = fields.Field("level", "级次（1 类 / 2 款 / 3 项）")

    class Meta(CatalogueResource.Meta):
        model = FunctionalSubject
        fields = ("fiscal_year", "code", "name", "level")
        import_id_fields = ("fiscal_year", "code")


class EconomicSubjectResource(CatalogueResource):
    code = fields.Field("code", "科目编码")
    name = fields.Field("name", "科目名称")

    class Meta(CatalogueResource.Meta):
        model = EconomicSubject
        fields = ("fiscal_year", "code", "name")
        import_id_fields = ("fiscal_year", "code")


class StandardGlossaryTermResource(CatalogueResource):
    order = fields.Field("order", "序号")
    term = fields.Field("term", "名词")
    definition = fields.Field("definition", "解释")

    class Meta(CatalogueResource.Meta):
        model = StandardGlossaryTerm
        fields = ("fiscal_year", "order", "term", "definition")
        import_id_fields = ("fiscal_year", "term")
