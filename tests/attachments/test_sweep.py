"""kill -9 between a file and its row leaves nothing for good: the periodic sweep removes unreferenced files
once they are older than the grace period, and never a file a row holds or an upload still in flight."""

import os
import time

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from zhuanji.attachments.storage import private_storage

from .conftest import pdf_bytes
from .test_services import _add

pytestmark = pytest.mark.django_db


def _aged(settings, name, hours=2):
    path = settings.PRIVATE_ROOT / name
    old = time.time() - hours * 3600
    os.utime(path, (old, old))


def test_the_sweep_removes_only_old_unreferenced_files(world, filing, settings, capsys):
    storage = private_storage()
    kept = _add(world, filing).stored_name
    orphan = storage.save("attachments/ab/abandoned-by-a-killed-upload.pdf", ContentFile(pdf_bytes()))
    pdf_orphan = storage.save("certificates/pdf/cd/abandoned.pdf", ContentFile(pdf_bytes()))
    in_flight = storage.save("attachments/ef/still-being-committed.pdf", ContentFile(pdf_bytes()))
    for name in (kept, orphan, pdf_orphan):
        _aged(settings, name)

    call_command("run_periodic")

    assert "attachments.sweep_orphans: 2" in capsys.readouterr().out
    assert storage.exists(kept) and storage.exists(in_flight)
    assert not storage.exists(orphan) and not storage.exists(pdf_orphan)
