"""The reviewer's posts and filters are read by forms: a comment needs a place the report has and a text; a filter
value that is not one of the choices filters nothing; a step or a verdict the page does not offer is a 404."""
import pytest

from apps.reports.models import ReviewComment
from apps.workflow import services as workflow
from tests.helpers import user

URL = "/review/410882-zwfw/2021"


@pytest.fixture
def submitted(demo_report, client):
    workflow.report_submit(report=demo_report, by=user("kuaiji"))
    client.force_login(user("shenhe"))
    return demo_report


@pytest.mark.parametrize("data", [{"table": "expenditure", "row": "2010306", "column": "nonexistent", "text": "x"},
                                  {"table": "expenditure", "row": "9999999", "text": "x"},
                                  {"table": "report_id", "text": "x"}, {"table": "expenditure", "text": "  "}])
def test_a_comment_without_a_place_of_the_report_or_a_text_is_refused(client, submitted, data):
    response = client.post(f"{URL}/comments/", data, follow=True)
    assert "请选择要批注的表或单元格，并填写批注内容。" in response.content.decode()
    assert not ReviewComment.objects.exists()


def test_a_comment_on_a_row_is_named_by_the_row(client, submitted):
    assert client.post(f"{URL}/comments/", {"table": "expenditure", "row": " 2010306 ", "text": " 请核对 "}
                       ).status_code == 302
    comment = ReviewComment.objects.get()
    assert (comment.where, comment.row_key, comment.text) == ("公开03表 政务公开审批", "2010306", "请核对")


@pytest.mark.parametrize("query", [{"year": "abc"}, {"state": "archived"}, {"state": "x", "year": "-1"},
                                   {"year": "2021", "state": "submitted"}])
def test_queue_filter_values_that_are_no_choice_filter_nothing(client, submitted, query):
    page = client.get("/review/", query).content.decode()
    assert "沁阳市政务服务和大数据管理局" in page


def test_a_step_or_verdict_the_page_does_not_offer_is_not_found(client, submitted):
    assert client.post(f"{URL}/action/", {"action": "submit"}).status_code == 404
    explanation = submitted.warning_explanations.first()
    assert client.post(f"{URL}/explanations/{explanation.pk}/", {"verdict": "maybe"}).status_code == 404
