"""A reviewer's verdict on each explanation of a warning: 不认可 with its reason, which the accountant reads beside the
warning; 全部认可 at once; a verdict kept over a resubmission unless the explanation's text changed."""
import pytest

from apps.reports.models import Report, WarningExplanation
from apps.workflow import services as workflow
from tests.helpers import user

REVIEW = "/review/410882-zwfw/2021"


@pytest.fixture
def submitted(client, demo_report):
    workflow.report_submit(report=demo_report, by=user("kuaiji"))
    assert client.login(username="shenhe", password="shenhe-2021-demo")
    return demo_report


def test_a_rejection_needs_its_reason_and_the_accountant_reads_it(client, submitted):
    explanation = submitted.warning_explanations.order_by("code").first()
    url = f"{REVIEW}/explanations/{explanation.pk}/"
    response = client.post(url, {"verdict": "rejected", "note": "  "}, follow=True)
    page = response.content.decode()  # without the page's script: the refusal beside its warning, not at the top
    beside = page.split(f'id="explanation-{explanation.pk}"', 1)[1].split('class="warning-review', 1)[0]
    assert '<p class="verdict-message error" role="status">不认可时请写明理由' in beside
    assert page.count("不认可时请写明理由") == 1
    assert '<a href="#warnings">跳到审核结果（8 条警告说明待审核）</a>' in page  # on a phone, nine tables come first
    explanation.refresh_from_db()
    assert explanation.verdict == WarningExplanation.Verdict.PENDING
    response = client.post(url, {"verdict": "rejected", "note": "请说明结转资金的来源"})
    assert response["Location"] == f"{REVIEW}/#explanation-{explanation.pk}"  # back at the warning, not the top
    explanation.refresh_from_db()
    assert (explanation.verdict, explanation.verdict_note) == ("rejected", "请说明结转资金的来源")
    assert "不认可：请说明结转资金的来源" in client.get(f"{REVIEW}/").content.decode()

    workflow.report_return(report=Report.objects.get(pk=submitted.pk), by=user("shenhe"), comment="见警告说明")
    client.logout()
    assert client.login(username="kuaiji", password="kuaiji-2021-demo")
    page = client.get("/entry/410882-zwfw/2021/").content.decode()
    assert "审核意见：<strong>不认可</strong>：请说明结转资金的来源（请修改说明或数据后重新提交）" in page
    assert page.count("审核意见：待审核") == 7


def test_the_page_script_gets_each_verdict_back_in_place(client, submitted):
    first, second = submitted.warning_explanations.order_by("code")[:2]
    json = {"HTTP_ACCEPT": "application/json"}
    refused = client.post(f"{REVIEW}/explanations/{first.pk}/", {"verdict": "rejected", "note": ""}, **json)
    assert refused.status_code == 422 and refused.json()["message"] == "不认可时请写明理由，部门会计据此修改说明或数据。"
    assert refused.json()["status"] == "待审核" and refused.json()["pending"] is True
    answer = client.post(f"{REVIEW}/explanations/{first.pk}/", {"verdict": "rejected", "note": "请补充"}, **json).json()
    assert answer == {"message": f"{first.code} 的说明：不认可：请补充", "status": "不认可：请补充", "pending": False,
                      "pending_count": 7}
    answer = client.post(f"{REVIEW}/explanations/{second.pk}/", {"verdict": "accepted"}, **json).json()
    assert (answer["status"], answer["pending_count"]) == ("认可", 6)
    first.refresh_from_db()
    assert (first.verdict, first.verdict_note) == ("rejected", "请补充")
    client.logout()
    assert client.login(username="kuaiji", password="kuaiji-2021-demo")  # not a reviewer: nothing to answer
    assert client.post(f"{REVIEW}/explanations/{second.pk}/", {"verdict": "rejected", "note": "x"},
                       **json).status_code == 403


def test_accept_all_accepts_what_waits_and_a_resubmission_keeps_unchanged_verdicts(client, submitted):
    response = client.get(f"{REVIEW}/").content.decode()
    assert "全部认可（8 条待审核）" in response
    client.post(f"{REVIEW}/explanations/accept-all/")
    assert set(submitted.warning_explanations.values_list("verdict", flat=True)) == {"accepted"}
    assert submitted.events.filter(action="judge").count() == 8  # each verdict in the history

    workflow.report_return(report=Report.objects.get(pk=submitted.pk), by=user("shenhe"), comment="改一条说明")
    client.logout()
    assert client.login(username="kuaiji", password="kuaiji-2021-demo")
    changed = submitted.warning_explanations.order_by("code").first()
    data = {f"w|{changed.code}|{changed.signature}": changed.text + "（补充：已核实。）"}
    client.post("/entry/410882-zwfw/2021/explanations/", data)
    workflow.report_submit(report=Report.objects.get(pk=submitted.pk), by=user("kuaiji"))
    verdicts = dict(submitted.warning_explanations.values_list("pk", "verdict"))
    assert verdicts.pop(changed.pk) == "pending"  # its text changed: judged again
    assert set(verdicts.values()) == {"accepted"}  # the seven unchanged keep their 认可
