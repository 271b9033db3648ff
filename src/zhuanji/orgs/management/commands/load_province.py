from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from zhuanji.orgs.loader import ProvinceDataError, load_province


class Command(BaseCommand):
    help = ("Load (or update) the province's regions, organisations, CE bases and committees (with their 可评审专业 "
            "once the catalog is loaded) from its data directory.")

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, default=None, help="data directory (default: PROVINCE_DATA_DIR)")

    def handle(self, *args, **options):
        directory = options["dir"] or Path(settings.PROVINCE_DATA_DIR)
        try:
            result = load_province(directory)
        except ProvinceDataError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(
            f"已加载 {result.regions} 个区域、{result.organisations} 个机构（其中 {result.committees} 个评审委员会、"
            f"{result.bases} 个继续教育基地）、{result.contacts} 个办事机构联系人（{directory}）"
        ))
        if result.scopes is None:
            self.stdout.write(self.style.WARNING(
                "职称目录尚未导入，未加载可评审专业（committee_scopes.csv）："
                "请先运行 load_catalog，再运行 load_province"))
        else:
            self.stdout.write(f"可评审专业：{result.scopes} 条")
