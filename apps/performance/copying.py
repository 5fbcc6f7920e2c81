"""Copy a report's self-evaluation sheets into a new revision (the indicator tree keeps its shape)."""
from apps.performance.models import EvaluationSheet


def copy_sheets(source, target) -> None:
    for sheet in EvaluationSheet.objects.filter(report=source).prefetch_related("funding_rows", "goals", "indicators"):
        funding, goals = list(sheet.funding_rows.all()), list(sheet.goals.all())
        indicators = sorted(sheet.indicators.all(), key=lambda i: (i.level, i.order))
        sheet.pk = None
        sheet.report = target
        sheet._state.adding = True
        sheet.save()
        for row in funding + goals:
            row.pk = None
            row.sheet = sheet
            row._state.adding = True
            row.save()
        new_ids = {}
        for indicator in indicators:
            old_id = indicator.pk
            indicator.pk = None
            indicator.sheet = sheet
            indicator.parent_id = new_ids.get(indicator.parent_id)
            indicator._state.adding = True
            indicator.save()
            new_ids[old_id] = indicator.pk
