from django.core.management.base import BaseCommand

from zhuanji.common.demo import PASSWORD, load_demo


class Command(BaseCommand):
    help = "Load the province data, the catalog and one demo account for every role, then print the accounts."

    def handle(self, *args, **options):
        accounts = load_demo(self.stdout)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"演示账号（密码均为 {PASSWORD}）："))
        for account in accounts:
            self.stdout.write(f"  {account.role:<14}\t{account.login:<32}\t{account.org}")
        self.stdout.write("打开 http://127.0.0.1:8000 ，用上表任一账号登录。")
