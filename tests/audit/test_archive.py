"""Issue 10 §10: a retention of at least 184 days, and an archive command — the one way rows leave the log."""

import datetime
import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import storages
from django.core.management import CommandError, call_command
from django.utils import timezone

from zhuanji.audit.archive import read_archive, verify_archive, verify_database
from zhuanji.audit.models import AuditArchive, AuditEntry
from zhuanji.audit.services import SYSTEM, record

from .conftest import triggers_dropped

ROOT = Path(__file__).resolve().parents[2]


def start_up(**env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("AUDIT_", "DJANGO_SETTINGS"))}
    environment.update({"ZHUANJI_ENV": "development", **env})
    code = "import zhuanji.settings as s; print(s.AUDIT_RETENTION_DAYS)"
    return subprocess.run([sys.executable, "-c", code], env=environment, cwd=ROOT / "src", capture_output=True,
                          text=True, timeout=60)


def test_retention_is_184_days_unless_set_longer():
    assert start_up().stdout.strip() == "184"
    assert start_up(AUDIT_RETENTION_DAYS="400").stdout.strip() == "400"


def test_a_retention_under_184_days_stops_start_up():
    result = start_up(AUDIT_RETENTION_DAYS="183")
    assert result.returncode != 0 and "AUDIT_RETENTION_DAYS must be at least 184" in result.stderr


def days_ago(days: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def history(world, record_at):
    """Two entries older than the retention, one just inside it, one today."""
    return [
        record_at(days_ago(300), actor=world.person, action="login", obj=world.person),
        record_at(days_ago(185), actor=world.unit_admin, action="orgs.unit_info_update", obj=world.unit,
                  after={"address": "新华南路1号", "n": 1.0}),
        record_at(days_ago(183), actor=SYSTEM, action="x.kept"),
        record(actor=SYSTEM, action="x.today"),
    ]


@pytest.mark.django_db
def test_archive_moves_old_entries_to_a_verifiable_file_and_the_chain_goes_on(history, capsys):
    old, kept = history[:2], history[2:]
    call_command("audit_archive")
    assert "archived 2 entries" in capsys.readouterr().out
    assert list(AuditEntry.objects.filter(pk__in=[e.pk for e in history]).order_by("id")) == kept

    archive = AuditArchive.objects.get()
    assert (archive.count, archive.first_id, archive.last_id, archive.last_hash) == (
        2, old[0].pk, old[1].pk, old[1].hash)
    with storages["private"].open(archive.file_name, "rb") as fh:
        rows = list(read_archive(fh))
    assert [(r["id"], r["hash"], r["action"]) for r in rows] == [(e.pk, e.hash, e.action) for e in old]
    with storages["private"].open(archive.file_name, "rb") as fh:
        assert verify_archive(fh).ok

    # The deletion is itself audited, and what remains verifies from the archive's last hash.
    entry = AuditEntry.objects.get(action="audit.archive")
    assert entry.after["count"] == 2 and entry.after["last_hash"] == old[1].hash and entry.actor is None
    assert kept[0].prev_hash == archive.last_hash
    assert verify_database().ok
    call_command("audit_verify", "--archive", archive.file_name)
    assert "database: audit chain intact" in capsys.readouterr().out

    call_command("audit_archive")
    assert "nothing older than 184 days" in capsys.readouterr().out


@pytest.mark.django_db
def test_a_second_archive_continues_from_the_first(history, record_at, capsys):
    call_command("audit_archive")
    later = timezone.now() + datetime.timedelta(days=2)  # the entry of 183 days has now aged out
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("zhuanji.audit.archive.timezone.now", lambda: later)
        call_command("audit_archive")
    first, second = AuditArchive.objects.order_by("last_id")
    assert second.first_prev_hash == first.last_hash and second.last_id == history[2].pk
    with storages["private"].open(second.file_name, "rb") as fh:
        assert verify_archive(fh).ok
    assert verify_database().ok


@pytest.mark.django_db
def test_dry_run_changes_nothing(history, capsys):
    call_command("audit_archive", "--dry-run")
    assert "would archive 2 entries" in capsys.readouterr().out
    assert AuditEntry.objects.filter(pk=history[0].pk).exists() and not AuditArchive.objects.exists()


@pytest.mark.django_db
def test_a_broken_chain_is_not_archived(history):
    with triggers_dropped():
        AuditEntry.objects.filter(pk=history[1].pk).update(object_repr="改过")
    with pytest.raises(CommandError, match=f"broken at entry #{history[1].pk}"):
        call_command("audit_archive")
    assert AuditEntry.objects.filter(pk=history[0].pk).exists() and not AuditArchive.objects.exists()


@pytest.mark.django_db
def test_a_tampered_archive_file_is_found(history, tmp_path):
    call_command("audit_archive")
    archive = AuditArchive.objects.get()
    with storages["private"].open(archive.file_name, "rb") as fh:
        rows = list(read_archive(fh))
    rows[0]["actor_label"] = "别人"
    path = tmp_path / "tampered.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    with pytest.raises(CommandError, match=f"broken at entry #{rows[0]['id']}"):
        call_command("audit_verify", "--archive", str(path))


@pytest.mark.django_db
def test_archive_refuses_a_retention_under_the_minimum(settings, history):
    settings.AUDIT_RETENTION_DAYS = 30
    with pytest.raises(ImproperlyConfigured):
        call_command("audit_archive")
    assert AuditEntry.objects.filter(pk=history[2].pk).exists()
