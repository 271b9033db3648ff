from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from .import_catalog import import_file


class Command(BaseCommand):
    help = "Import the catalog shipped for this province (PROVINCE_DATA_DIR/catalog.csv); safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--replace", action="store_true",
                            help="deactivate catalog entries whose code is not in the file")

    def handle(self, *args, replace: bool, **options):
        import_file(self, Path(settings.PROVINCE_DATA_DIR) / "catalog.csv", replace=replace)
