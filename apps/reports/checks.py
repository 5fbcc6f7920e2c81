"""System checks (`manage.py check`, run before every deployment and by the test suite): every edition's `facts` and
`item_fields` name fields the models have, so a misspelt name in an edition file is found before a form needs it."""
from django.core import checks

from apps.reports.editions import edition, keys
from apps.reports.models import ItemBudget, NarrativeFacts

# Fields an edition may ask for: everything a person types, never the keys that tie a row to its report.
_ASKABLE = {
    "facts": (NarrativeFacts, {"id", "report"}),
    "item_fields": (ItemBudget, {"id", "report", "subject", "initial_budget"}),
}


def unknown_fields(template) -> list[str]:
    """`facts.<name>` / `item_fields.<name>` of the edition that no model field answers."""
    unknown = []
    for where, (model, reserved) in _ASKABLE.items():
        names = {f.name for f in model._meta.concrete_fields} - reserved
        unknown += [f"{where}.{name}" for name in getattr(template, where) if name not in names]
    return unknown


@checks.register()
def editions_ask_for_known_fields(app_configs=None, **kwargs):
    errors = []
    for key in keys():
        for place in unknown_fields(edition(key)):
            errors.append(checks.Error(f"版式 {key} 的 {place} 不是可填写的字段。", id="reports.E001",
                                       hint="字段名见 apps/reports/models/narrative.py（NarrativeFacts、ItemBudget）。"))
    return errors
