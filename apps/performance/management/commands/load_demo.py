"""`python manage.py load_demo`: the demo organisations, users, the complete 2021 report (河南 2021 edition) and the
上海市示例局 2024 report (上海 2024 edition). Idempotent.

It lives in the performance app because it is the one app allowed to import the others
(performance → reports → accounts).
"""
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from apps.documents.interchange.demo import load_shanghai_demo
from apps.performance.demo import explain_demo_warnings, load_demo_sheets
from apps.reports.services.demo import DEMO_USERS, load_demo_report, read_seed


class Command(BaseCommand):
    help = ("载入演示数据：沁阳市政务服务和大数据管理局 2021 年度部门决算（河南 2021 年版）、上海市示例局 2024 年度部门决算"
            "（上海 2024 年版）、机构和演示账号（可重复执行）。")

    def handle(self, *args, **options):
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError("演示数据含公开的演示密码，生产环境（DEMO_DATA_ALLOWED=False）不允许载入。")
        seed = read_seed()
        with transaction.atomic():
            report = load_demo_report(seed, by=None)  # the command line: no user, the trail names the system
            if report.state == report.State.DRAFT:
                explain_demo_warnings(report, load_demo_sheets(report, seed), by=None)
            shanghai = load_shanghai_demo(by=None)
        for loaded in (report, shanghai):
            self.stdout.write(self.style.SUCCESS(f"已载入演示决算：{loaded}（{loaded.address}，{loaded.template.name}）"))
        self.stdout.write("演示账号（用户名 / 密码 / 角色）：")
        for user in DEMO_USERS:
            self.stdout.write(f"  {user.username} / {user.password} / {user.role.label}")
