"""Steps of the workflow that many tests take, done as the demo's people would."""
from apps.accounts.models import User
from apps.reports import workflow


def user(name):
    return User.objects.get(username=name)


def accept_explanations(explanations):
    """The reviewer accepts the explanations the accountant wrote (the demo explains the seed's warnings)."""
    for explanation in explanations:
        workflow.explanation_judge(explanation=explanation, verdict="accepted", by=user("shenhe"))


def approve(report):
    accept_explanations(report.warning_explanations.all())
    return workflow.report_approve(report=report, by=user("shenhe"))


def publish(report):
    report = workflow.report_submit(report=report, by=user("kuaiji"))
    return workflow.report_publish(report=approve(report), by=user("shenhe"))
