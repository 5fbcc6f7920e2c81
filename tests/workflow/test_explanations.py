"""A warning and its explanation are paired once (`apps.reports.selectors.explanations_of`): by the rule and the cells,
the same on the entry overview, in the checks of submission and approval and on the review page."""
import re

import pytest

from apps.reports.models import Report, WarningExplanation
from apps.workflow import services as workflow
from tests.helpers import accept_explanations, user

BASE = "/entry/410882-zwfw/2021"


def test_two_warnings_of_one_rule_each_need_their_own_explanation(client, demo_report):
    explained = list(demo_report.warning_explanations.filter(code="P-06"))  # the demo explains its 4 P-06 warnings
    assert len(explained) == 4
    explained[0].delete()
    client.force_login(user("kuaiji"))
    page = client.get(f"{BASE}/").content.decode()
    fields = re.findall(r'name="(w\|P-06\|[^"]+)"[^>]*>([^<]*)</textarea>', page)
    assert len(fields) == 4 and [text for _, text in fields].count("") == 1  # three of the four have their text
    with pytest.raises(workflow.TransitionRefused, match="1 条警告未填写说明（P-06）"):
        workflow.report_submit(report=demo_report, by=user("kuaiji"))

    missing = next(name for name, text in fields if not text)
    assert client.post(f"{BASE}/explanations/", {missing: "另一项指标的偏差原因。"}).status_code == 302
    assert WarningExplanation.objects.get(report=demo_report, signature=missing.split("|", 2)[2]).code == "P-06"
    report = workflow.report_submit(report=demo_report, by=user("kuaiji"))
    accept_explanations(report.warning_explanations.exclude(text="另一项指标的偏差原因。"))
    with pytest.raises(workflow.TransitionRefused, match="1 条警告说明未被认可（P-06）"):
        workflow.report_approve(report=report, by=user("shenhe"))

    client.force_login(user("shenhe"))
    page = client.get("/review/410882-zwfw/2021/").content.decode()
    pending = re.findall(r'<div class="warning-review pending"[^>]*>.*?说明：([^<（]*)', page, re.S)
    assert pending == ["另一项指标的偏差原因。"]
    assert page.count("<em>未填写</em>") == 0
    accept_explanations(report.warning_explanations.filter(text="另一项指标的偏差原因。"))
    assert workflow.report_approve(report=report, by=user("shenhe")).state == Report.State.APPROVED
