from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    """The review workflow: the transition table, who may take which step, notifications."""

    name = "apps.workflow"
    label = "workflow"
    verbose_name = "审核流程"
