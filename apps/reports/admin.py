"""Admin for catalogues and report data. Report data can be changed here only while the report is a draft
(`permissions.can_change_report`), and every change made here is in the report's trail like any other; the workflow
state is never edited by hand."""
from django.contrib import admin

from apps.access.permissions import can_change_report, organisations_administered, reports_visible_to
from apps.accounts.admin import RegionScopedAdmin
from apps.accounts.admin_files import ExportOnlyMixin, FlatDataMixin
from apps.accounts.models import Organisation
from apps.reports import models as m
from apps.reports import resources
from apps.reports.services.events import Action, form_changes, record, record_changes


@admin.register(m.FiscalYear)
class FiscalYearAdmin(admin.ModelAdmin):
    list_display = ["year", "summary_classes", "edition"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records that are written only by the services: visible here, never added, changed or deleted."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CatalogueAdmin(ExportOnlyMixin, ReadOnlyAdmin):
    """A year's subjects: read and exported here, uploaded on the bureau's catalogue page (checked there, never
    here: a code edited here would rename or move the rows of every report naming it)."""

    import_page = "/bureau/catalogues/"
    import_label = "上传目录文件（逐行检查，列出与上年差异）"


@admin.register(m.FunctionalSubject)
class FunctionalSubjectAdmin(CatalogueAdmin):
    resource_classes = [resources.FunctionalSubjectResource]
    list_display = ["code", "name", "level", "fiscal_year"]
    list_filter = ["fiscal_year", "level"]
    search_fields = ["code", "name"]


@admin.register(m.EconomicSubject)
class EconomicSubjectAdmin(CatalogueAdmin):
    resource_classes = [resources.EconomicSubjectResource]
    list_display = ["code", "name", "fiscal_year"]
    list_filter = ["fiscal_year"]
    search_fields = ["code", "name"]


@admin.register(m.StandardGlossaryTerm)
class StandardGlossaryTermAdmin(FlatDataMixin, admin.ModelAdmin):
    resource_classes = [resources.StandardGlossaryTermResource]
    list_display = ["order", "term", "fiscal_year"]
    list_filter = ["fiscal_year"]
    search_fields = ["term", "definition"]


class DraftOnlyMixin:
    """Objects belonging to a report may change only while it is a draft; what changes is recorded, old → new."""

    def _report(self, obj):
        return obj if isinstance(obj, m.Report) else obj.report

    def save_model(self, request, obj, form, change):
        changes = form_changes(form)
        super().save_model(request, obj, form, change)
        if isinstance(obj, m.Report) and not change:
            record(report=obj, by=request.user, action=Action.CREATE, target="管理后台新建")
        else:
            record_changes(report=self._report(obj), by=request.user, changes=changes)

    def save_formset(self, request, form, formset, change):
        changes = form_changes(formset)
        super().save_formset(request, form, formset, change)
        record_changes(report=form.instance, by=request.user, changes=changes)

    def delete_model(self, request, obj):
        if not isinstance(obj, m.Report):  # a report itself is never deleted: its trail protects it
            record(report=obj.report, by=request.user, action=Action.EDIT, target=f"删除 {obj._meta.verbose_name}",
                   old=str(obj))
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or can_change_report(request.user, self._report(obj)))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or can_change_report(request.user, self._report(obj)))


class ReportChildInline(DraftOnlyMixin, admin.TabularInline):
    extra = 0

    def _report(self, obj):
        return obj

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and (obj is None or can_change_report(request.user, obj))


def inline(model_class, fields=None, autocomplete=("subject",)):
    return type(f"{model_class.__name__}Inline", (ReportChildInline,), {
        "model": model_class,
        "autocomplete_fields": [f for f in autocomplete if hasattr(model_class, f)],
        **({"fields": fields} if fields else {}),
    })


@admin.register(m.Report)
class ReportAdmin(DraftOnlyMixin, admin.ModelAdmin):
    """Reports as their people see them (`reports_visible_to`); their data changes here only for a superuser who is
    the department's accountant. A draft's edition, class count and deletion: /bureau/reports/…/draft/."""

    list_display = ["department", "fiscal_year", "revision", "state", "unit", "updated_at"]
    list_filter = ["state", "fiscal_year", "unit"]
    search_fields = ["department__name", "department__code"]
    readonly_fields = ["state", "created_at", "updated_at", "data_version"]
    autocomplete_fields = ["department"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(pk__in=reports_visible_to(request.user).values("pk"))

    inlines = [
        inline(m.IncomeLine), inline(m.ExpenditureLine), inline(m.GeneralBudgetLine), inline(m.FundLine),
        inline(m.BasicExpenditureLine), inline(m.PinnedTotal), inline(m.TableNote), inline(m.ItemBudget),
        inline(m.NarrativeSection), inline(m.GlossaryEntry), inline(m.Attachment), inline(m.WarningExplanation),
    ]


class ReportPartAdmin(DraftOnlyMixin, admin.ModelAdmin):
    list_display = ["report"]
    search_fields = ["report__department__name"]
    autocomplete_fields = ["report"]


for model_class in (m.BalanceFacts, m.ThreePublicExpenditure, m.NarrativeFacts, m.ReportOverview):
    admin.site.register(model_class, ReportPartAdmin)


@admin.register(m.PublishedDocument)
class PublishedDocumentAdmin(ReadOnlyAdmin):
    """Stored files of published revisions."""

    list_display = ["report", "format", "size", "sha256", "created_at"]
    search_fields = ["report__department__name", "sha256"]


@admin.register(m.SourceDocument)
class SourceDocumentAdmin(ReadOnlyAdmin):
    """The files historical reports (历史导入) were loaded from, as received."""

    list_display = ["report", "name", "size", "sha256", "imported_by", "imported_at"]
    search_fields = ["report__department__name", "name", "sha256"]


@admin.register(m.PublishedFigures)
class PublishedFiguresAdmin(ReadOnlyAdmin):
    list_display = ["report", "total", "expenditure", "basic", "project"]


@admin.register(m.PublishedLine)
class PublishedLineAdmin(ReadOnlyAdmin):
    list_display = ["report", "table", "row_key", "column_key", "value"]
    list_filter = ["table"]


@admin.register(m.ReportCheckSummary)
class ReportCheckSummaryAdmin(ReadOnlyAdmin):
    list_display = ["report", "errors", "warnings", "infos", "checked_at"]


@admin.register(m.ReportEvent)
class ReportEventAdmin(ReadOnlyAdmin):
    """The audit trail: append-only."""

    list_display = ["created_at", "report", "actor", "action", "target", "old_value", "new_value"]
    list_filter = ["action"]
    search_fields = ["report__department__name", "target", "comment"]


@admin.register(m.ReviewComment)
class ReviewCommentAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "report", "author", "where", "text"]
    search_fields = ["report__department__name", "where", "text"]


@admin.register(m.ReportingDeadline)
class ReportingDeadlineAdmin(admin.ModelAdmin):
    """A year's due date per finance bureau; an administrator sets their own bureau's."""

    list_display = ["finance_bureau", "fiscal_year", "due_date"]
    list_filter = ["fiscal_year"]
    autocomplete_fields = ["finance_bureau"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(finance_bureau__in=organisations_administered(request.user))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "finance_bureau":
            kwargs["queryset"] = organisations_administered(request.user).filter(kind=Organisation.Kind.FINANCE_BUREAU)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(m.EditionChoice)
class EditionChoiceAdmin(RegionScopedAdmin):
    """Which edition of the public document a region's new reports of a year take (sub-regions inherit)."""

    list_display = ["region", "fiscal_year", "edition"]
    list_filter = ["fiscal_year", "edition"]
    autocomplete_fields = ["region"]
