import time

from django.core.management.base import BaseCommand

from zhuanji.common.periodic import run_all


class Command(BaseCommand):
    help = "Run every app's periodic jobs once (the embedded default's stand-in for Celery beat)."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, default=0, metavar="SECONDS",
                            help="keep running, once every SECONDS (0: run once and stop)")

    def handle(self, *args, every: int, **options):
        while True:
            for name, handled in run_all().items():
                self.stdout.write(f"{name}: {handled}")
            if every <= 0:
                return
            time.sleep(every)
