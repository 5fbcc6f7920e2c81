"""`{% max_length "reports.Report.correction_note" %}`: a form's maxlength read from the model field that stores the
text, so that the page and the service that checks or keeps the text take one number."""
from django import template
from django.apps import apps

register = template.Library()


@register.simple_tag
def max_length(field: str) -> int:
    """The max_length of "<app label>.<Model>.<field>"."""
    model, name = field.rsplit(".", 1)
    return apps.get_model(model)._meta.get_field(name).max_length
