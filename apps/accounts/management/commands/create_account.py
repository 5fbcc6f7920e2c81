"""Create an account with a role in an organisation from the command line (the first administrator of a bureau, an
account for someone without the admin at hand). The role alone gives what it opens (`access.permissions`): no
staff or superuser flag is set here."""
import getpass
import sys

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from apps.accounts.models import Membership, Organisation, User


class Command(BaseCommand):
    help = "新建用户并授予角色：create_account 用户名 --organisation 机构代码 --role accountant|reviewer|administrator"
    stealth_options = ("stdin",)  # where the password is read from (tests give a StringIO, as createsuperuser's)

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--organisation", required=True, help="机构代码，如 410882-czj")
        parser.add_argument("--role", required=True, choices=Membership.Role.values)
        parser.add_argument("--full-name", default="")
        parser.add_argument("--email", default="")
        parser.add_argument("--no-password", action="store_true",
                            help="不设密码（之后在管理后台设置，或由本人重置）；否则从终端输入，或从标准输入读一行")

    def handle(self, *args, username, organisation, role, full_name, email, no_password, **options):
        found = Organisation.objects.filter(code=organisation).first()
        if found is None:
            raise CommandError(f"没有机构代码为“{organisation}”的机构。")
        if User.objects.filter(username=username).exists():
            raise CommandError(f"用户名“{username}”已存在；角色请在管理后台授予。")
        user = User(username=username, full_name=full_name, email=email)
        membership = Membership(user=user, organisation=found, role=role)
        try:
            membership.clean()
            if no_password:
                user.set_unusable_password()
            else:
                password = self._password(options.get("stdin", sys.stdin))
                validate_password(password, user)
                user.set_password(password)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from None
        with transaction.atomic():
            user.save()
            membership.user = user
            membership.save()
        self.stdout.write(f"已新建用户 {username}：{found.name} · {membership.get_role_display()}。")

    def _password(self, stdin) -> str:
        if not stdin.isatty():
            return stdin.readline().rstrip("\n")
        first, second = getpass.getpass("密码："), getpass.getpass("再输入一次：")
        if first != second:
            raise CommandError("两次输入的密码不一致。")
        return first
