from django.contrib import admin

from apps.access.permissions import can_change_report
from apps.accounts.admin import RegionScopedAdmin
from apps.performance.models import EvaluationGoal, EvaluationSheet, FundingRow, GradeScale, Indicator


class SheetChildInline(admin.TabularInline):
    extra = 0

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or can_change_report(request.user, obj.report))

    has_add_permission = has_delete_permission = has_change_permission


class FundingRowInline(SheetChildInline):
    model = FundingRow


class GoalInline(SheetChildInline):
    model = EvaluationGoal


class IndicatorInline(SheetChildInline):
    model = Indicator
    fields = ["order", "level", "parent", "name", "comparator", "target_value", "target_unit", "actual_value",
              "actual_unit", "weight", "score", "deviation_note"]


@admin.register(EvaluationSheet)
class EvaluationSheetAdmin(admin.ModelAdmin):
    list_display = ["title", "report", "kind", "order", "total_score"]
    list_filter = ["kind", "report__fiscal_year"]
    search_fields = ["name", "report__department__name"]
    autocomplete_fields = ["report"]
    inlines = [FundingRowInline, GoalInline, IndicatorInline]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or can_change_report(request.user, obj.report))

    has_delete_permission = has_change_permission


@admin.register(GradeScale)
class GradeScaleAdmin(RegionScopedAdmin):
    list_display = ["region", "excellent_min", "good_min", "fair_min", "excellent_label", "good_label", "fair_label",
                    "poor_label"]
    search_fields = ["region__name", "region__code"]
    autocomplete_fields = ["region"]
