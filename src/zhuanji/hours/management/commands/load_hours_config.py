from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from zhuanji.hours.loader import HoursConfigError, load_hours_config, load_hours_thresholds


class Command(BaseCommand):
    help = ("Load the province's hours configuration: which organisation recognises professional-course hours "
            "for which series (hours_recognizers.csv) and the yearly hours required (hours_thresholds.csv).")

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(settings.PROVINCE_DATA_DIR),
                            help="the province data directory holding hours_recognizers.csv and hours_thresholds.csv")

    def handle(self, *args, **options):
        directory = Path(options["dir"])
        try:
            with transaction.atomic():  # both files or neither
                count = load_hours_config(directory)
                thresholds = load_hours_thresholds(directory)
        except HoursConfigError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"已载入学时认定单位配置 {count} 条")
        self.stdout.write(f"已载入继续教育学时标准 {thresholds} 条")
