"""The public site's frame: a footer with what the deployment registered, the report's publication date and source,
the site's icon, and no internal term in the public header."""
from django.utils import timezone

from tests.helpers import publish


def test_the_footer_shows_what_the_deployment_registered(client, db, settings):
    settings.JUESUAN_FOOTER = {"主办单位": "沁阳市财政局", "网站标识码": "4108820001", "ICP备案号": "",
                               "公安机关备案号": "豫公网安备 41088202000001号", "联系方式": "0391-5555555"}
    page = client.get("/").content.decode()
    footer = page.split('<footer class="site-footer">')[1].split("</footer>")[0]
    assert "<span>主办单位：沁阳市财政局</span><span>网站标识码：4108820001</span>" in footer
    assert "<span>公安机关备案号：豫公网安备 41088202000001号</span><span>联系方式：0391-5555555</span>" in footer
    assert "ICP备案号" not in footer  # not registered here: not shown
    assert "更正公告" in footer and "数据核对规则" in footer
    header = page.split('<header class="site-header">')[1].split("</header>")[0]
    assert "审核公式" not in header  # the public is not shown the internal term


def test_a_published_report_says_when_and_by_whom(client, demo_report, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    report = publish(demo_report)
    page = client.get("/reports/410882-zwfw/2021/").content.decode()
    assert f"发布时间：{timezone.localtime(report.published_at):%Y-%m-%d}　来源：沁阳市政务服务和大数据管理局" in page


def test_the_site_has_an_icon(client, db):
    assert 'rel="icon" href="/static/img/favicon.svg"' in client.get("/").content.decode()
    assert client.get("/favicon.ico")["Location"] == "/static/img/favicon.svg"
