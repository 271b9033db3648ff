"""Verifying the audit chain, and moving entries older than the retention to archive files.

An archive file is gzip'd JSON lines, one entry a line with every hashed field, its `id` and `hash`, in id
order: `verify_archive()` recomputes its chain without the database. Archiving is the one way audit rows
leave the database: the rows are verified, written, read back and compared before they are deleted (in
`archive_mode()`, which the append-only triggers honour), and the deletion itself is audited. The remaining
chain then starts from the archive's last hash (`AuditArchive.last_hash`).
"""

import datetime
import gzip
import hashlib
import io
import json
import tempfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files import File
from django.core.files.storage import storages
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from . import chain
from .immutability import archive_mode
from .models import AuditArchive, AuditEntry, AuditHead

ARCHIVE_DIR = "audit-archive"
_CHUNK = 2000


class ArchiveError(Exception):
    pass


def retention_days() -> int:
    days = settings.AUDIT_RETENTION_DAYS
    minimum = settings.AUDIT_RETENTION_MIN_DAYS
    if days < minimum:
        raise ImproperlyConfigured(f"AUDIT_RETENTION_DAYS must be at least {minimum}, not {days}")
    return days


def _rows(qs):
    return qs.order_by("id").values("id", "hash", *chain.FIELDS).iterator(chunk_size=_CHUNK)


def _last_archive() -> AuditArchive | None:
    return AuditArchive.objects.order_by("-last_id").first()


def verify_database() -> chain.Result:
    """The chain from the last archive's hash (or the start) to the head; the first broken link if any."""
    head = AuditHead.objects.filter(pk=1).first()
    archived = _last_archive()
    rows = AuditEntry.objects.all()
    if head is not None and head.last_id is not None:
        rows = rows.filter(id__lte=head.last_id)  # entries appended while we read are checked next time
    return chain.verify(_rows(rows), anchor=archived.last_hash if archived else "",
                        head=head.last_hash if head is not None else "")


def archive_line(row: dict) -> str:
    return chain.canonical_json({"id": row["id"], **chain.payload(row), "hash": row["hash"]})


def read_archive(fh):
    """The rows of an archive file (a binary file object)."""
    with gzip.open(fh, "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def verify_archive(fh) -> chain.Result:
    """An archive file's own chain, from its first entry's prev_hash (the archive before it ended there)."""
    rows = read_archive(fh)
    first = next(rows, None)
    if first is None:
        return chain.Result()

    def all_rows():
        yield first
        yield from rows

    return chain.verify(all_rows(), anchor=first.get("prev_hash", ""))


@dataclass
class Plan:
    cutoff: datetime.datetime
    after_id: int
    last_id: int | None
    count: int
    anchor: str


def plan(now: datetime.datetime | None = None) -> Plan:
    """What an archive run now would move: the entries older than the retention, from the chain's start up to
    the first entry inside it (so the remaining entries stay one unbroken chain)."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=retention_days())
    previous = _last_archive()
    after_id = previous.last_id if previous else 0
    first_kept = AuditEntry.objects.filter(created_at__gte=cutoff).order_by("id").values_list("id", flat=True).first()
    old = AuditEntry.objects.filter(id__gt=after_id)
    if first_kept is not None:
        old = old.filter(id__lt=first_kept)
    last_id = old.aggregate(last=Max("id"))["last"]
    count = old.count() if last_id is not None else 0
    return Plan(cutoff, after_id, last_id, count, previous.last_hash if previous else "")


def _sha256(fh) -> str:
    digest = hashlib.sha256()
    for block in iter(lambda: fh.read(1 << 20), b""):
        digest.update(block)
    return digest.hexdigest()


def archive_old_entries(*, now: datetime.datetime | None = None) -> AuditArchive | None:
    """Move the entries older than the retention to an archive file; None when there are none."""
    from .services import SYSTEM, record  # services imports this app's models; keep the import graph flat

    todo = plan(now)
    if todo.last_id is None:
        return None
    selected = AuditEntry.objects.filter(id__gt=todo.after_id, id__lte=todo.last_id)
    storage = storages[settings.AUDIT_ARCHIVE_STORAGE]
    ids: list[int] = []  # the first archived entry's id
    with tempfile.TemporaryFile() as tmp:
        with gzip.GzipFile(fileobj=tmp, mode="wb") as gz:
            out = io.TextIOWrapper(gz, encoding="utf-8")

            def written(rows):
                for row in rows:
                    if not ids:
                        ids.append(row["id"])
                    out.write(archive_line(row) + "\n")
                    yield row

            result = chain.verify(written(_rows(selected)), anchor=todo.anchor)
            out.flush()
            out.detach()
        if not result.ok:
            raise ArchiveError(f"nothing archived: {result}")
        if result.checked != todo.count:
            raise ArchiveError(f"nothing archived: {result.checked} entries read, {todo.count} expected")
        tmp.seek(0)
        sha256 = _sha256(tmp)
        tmp.seek(0)
        stamp = timezone.localtime(now or timezone.now()).strftime("%Y%m%dT%H%M%S")
        name = storage.save(f"{ARCHIVE_DIR}/audit-{ids[0]:012d}-{todo.last_id:012d}-{stamp}.jsonl.gz",
                            File(tmp))
    with storage.open(name, "rb") as stored:  # what the storage keeps, not what we meant to write
        if _sha256(stored) != sha256:
            raise ArchiveError(f"nothing deleted: the stored archive {name} differs from what was written")

    with transaction.atomic():
        AuditHead.objects.select_for_update().filter(pk=1).first()  # one archive run at a time, with appends
        previous = _last_archive()
        if (previous.last_id if previous else 0) != todo.after_id:
            raise ArchiveError(f"nothing deleted: another archive run moved entries meanwhile ({name} is spare)")
        with archive_mode():
            deleted, _ = selected.delete()
        if deleted != result.checked:
            raise ArchiveError(f"nothing deleted: {deleted} rows matched, {result.checked} archived")
        archive = AuditArchive.objects.create(
            cutoff=todo.cutoff, file_name=name, file_sha256=sha256, count=result.checked,
            first_id=ids[0], last_id=todo.last_id, first_prev_hash=todo.anchor,
            last_hash=result.last_hash)
        record(actor=SYSTEM, action="audit.archive", obj=archive,
               after={"file": name, "sha256": sha256, "count": result.checked, "first_id": archive.first_id,
                      "last_id": archive.last_id, "last_hash": archive.last_hash,
                      "cutoff": todo.cutoff.isoformat(), "retention_days": retention_days()})
    return archive
