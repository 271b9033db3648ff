from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from zhuanji.hours.loader import HoursConfigError, load_hours_config


class Command(BaseCommand):
    help = "Load which organisation recognises professional-course hours for which series (hours_recognizers.csv)."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(settings.PROVINCE_DATA_DIR),
                            help="the province data directory holding hours_recognizers.csv")

    def handle(self, *args, **options):
        try:
            count = load_hours_config(Path(options["dir"]))
        except HoursConfigError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"已载入学时认定单位配置 {count} 条")
