from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from zhuanji.orgs.loader import ProvinceDataError, load_province


class Command(BaseCommand):
    help = "Load (or update) the province's regions and organisations from regions.csv and organisations.csv."

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, default=None, help="data directory (default: PROVINCE_DATA_DIR)")

    def handle(self, *args, **options):
        directory = options["dir"] or Path(settings.PROVINCE_DATA_DIR)
        try:
            result = load_province(directory)
        except ProvinceDataError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(
            f"已加载 {result.regions} 个区域、{result.organisations} 个机构（{directory}）"
        ))
