import hashlib

from django.core.management.base import BaseCommand, CommandError

from apps.reports.models import PublishedDocument


class Command(BaseCommand):
    help = "核对每个公开文件（PDF、Excel）与公开时记录的 SHA-256 是否一致（恢复备份后运行）。"

    def handle(self, *args, **options):
        problems, count = [], 0
        for document in PublishedDocument.objects.select_related("report__department").order_by("pk").iterator():
            count += 1
            try:
                with document.file.open("rb") as file:
                    digest = hashlib.file_digest(file, "sha256").hexdigest()
            except FileNotFoundError:
                problems.append(f"缺少文件：{document.file.name}（{document.report}）")
                continue
            if digest != document.sha256:
                problems.append(f"内容不一致：{document.file.name}（{document.report}）")
            else:
                self.stdout.write(f"{document.sha256}  {document.file.name}")
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} 个公开文件缺失或与记录不一致（共 {count} 个）。")
        self.stdout.write(f"已核对 {count} 个公开文件，全部与公开时记录的 SHA-256 一致。")
