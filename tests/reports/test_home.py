def test_anonymous_visitor_sees_no_draft(client, demo_report):
    response = client.get("/")
    assert response.status_code == 200
    assert "沁阳市政务服务和大数据管理局" not in response.content.decode()
    assert "暂无可查看的部门决算" in response.content.decode()


def test_accountant_sees_the_draft_after_login(client, demo_report):
    response = client.post("/accounts/login/", {"username": "kuaiji", "password": "kuaiji-2021-demo"})
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert "沁阳市政务服务和大数据管理局" in page and "草稿" in page


def test_admin_lists_the_report_for_the_administrator(client, demo_report):
    client.login(username="guanli", password="guanli-2021-demo")
    page = client.get("/admin/reports/report/").content.decode()
    assert "沁阳市政务服务和大数据管理局" in page
    detail = client.get(f"/admin/reports/report/{demo_report.pk}/change/")
    assert detail.status_code == 200
