from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhuanji.audit.services import SYSTEM
from zhuanji.catalog.importer import CatalogFileError
from zhuanji.catalog.services import catalog_import


class Command(BaseCommand):
    help = "Import a title catalog file (csv or xlsx); any bad row aborts the whole import."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--replace", action="store_true",
                            help="deactivate catalog entries whose code is not in the file")

    def handle(self, *args, path: Path, replace: bool, **options):
        import_file(self, path, replace=replace)


def import_file(command: BaseCommand, path: Path, *, replace: bool) -> None:
    if not path.is_file():
        raise CommandError(f"file not found: {path}")
    try:
        result = catalog_import(actor=SYSTEM, data=path.read_bytes(), filename=path.name, replace=replace)
    except CatalogFileError as exc:
        raise CommandError(f"{path}: nothing imported\n{exc}") from exc
    command.stdout.write(command.style.SUCCESS(f"{path.name}: {result.summary}"))
