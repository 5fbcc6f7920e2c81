from django.core.management.base import BaseCommand

from apps.portal.services.publication import documents_backfill
from apps.reports.models import PublishedDocument, Report


class Command(BaseCommand):
    help = "为缺少正式文件（PDF、Excel 工作簿、网页正文）的已公开版本生成并保存这些文件（升级后运行一次）。"

    def add_arguments(self, parser):
        parser.add_argument("--formats", nargs="+", choices=PublishedDocument.Format.values,
                            default=PublishedDocument.Format.values, help="只补这些格式")

    def handle(self, *args, formats, **options):
        count = 0
        for report in Report.objects.filter(state=Report.State.PUBLISHED).select_related("department").iterator():
            missing = documents_backfill(report, formats)
            if missing:
                count += 1
                self.stdout.write(f"{report}：已保存 {'、'.join(missing)}")
        self.stdout.write(f"共为 {count} 个已公开版本补存了文件。")
