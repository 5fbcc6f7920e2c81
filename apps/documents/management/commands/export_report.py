from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.documents.disclosure import build_disclosure
from apps.documents.interchange.files import EXPORTS, export_file
from apps.documents.rendering import render_pdf, render_standalone_html
from apps.reports.errors import message_of
from apps.reports.selectors import ReportNotFound, parse_address, report_at

FORMATS = {
    "pdf": lambda report: render_pdf(build_disclosure(report)),
    "html": lambda report: render_standalone_html(build_disclosure(report)).encode("utf-8"),
    **{name: (lambda fmt: lambda report: export_file(report, fmt)[0])(name) for name in EXPORTS},
}


class Command(BaseCommand):
    help = ("导出一份部门决算：export_report 410882-zwfw/2021 --format pdf|html|json|xlsx|csv --output 文件"
            "（csv 为每表一个 CSV 的 zip）")

    def add_arguments(self, parser):
        parser.add_argument("report", help="部门代码/年度，例如 410882-zwfw/2021")
        parser.add_argument("--format", choices=sorted(FORMATS), required=True)
        parser.add_argument("--output", required=True, help="输出文件路径")
        parser.add_argument("--revision", type=int, help="修订版次（缺省为最新）")

    def handle(self, *args, report, format, output, revision=None, **options):
        try:
            instance = report_at(*parse_address(report), revision)
        except ReportNotFound as exc:
            raise CommandError(message_of(exc)) from None
        content = FORMATS[format](instance)
        path = Path(output)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        self.stdout.write(f"已导出 {instance}（{format.upper()}，{len(content)} 字节）：{path}")
