from django.core.management.base import BaseCommand

from apps.portal.services.media_cleanup import media_cleanup


class Command(BaseCommand):
    help = "删除不再需要的存储文件：未确认的导入预览、已结束批量导入的上传、未提交的公开文件、过期的任务结果（建议每天运行）。"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只列出，不删除")

    def handle(self, *args, dry_run=False, **options):
        result = media_cleanup(dry_run=dry_run)
        for name in result.removed:
            self.stdout.write(("将删除 " if dry_run else "已删除 ") + name)
        self.stdout.write(f"共 {len(result.removed)} 个文件{'可删除' if dry_run else '已删除'}，"
                          f"{result.kept} 个未到期保留。")
