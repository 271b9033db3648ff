"""Files no row refers to are removed: what a process killed between writing a file and committing its row
(kill -9, a lost worker) left behind.

Each app declares, in its `attachments.py`, `STORED = (StoredFiles(prefix, referenced),)`: the folder of private
storage its files live in and `referenced(names) -> set` saying which of some names a row still holds.
A file is removed only once it is older than `ORPHAN_GRACE`, so an upload whose transaction is still open
is never touched.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils import timezone

from zhuanji.common.declarations import declared

from .storage import private_storage

ORPHAN_GRACE = datetime.timedelta(hours=1)


@dataclass(frozen=True)
class StoredFiles:
    prefix: str
    referenced: Callable[[list[str]], set[str]]


def _files(storage, folder: str) -> Iterable[str]:
    """Every file below `folder`, one directory at a time (listing a missing folder yields nothing)."""
    try:
        directories, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    yield from (f"{folder}/{name}" for name in files)
    for directory in directories:
        yield from _files(storage, f"{folder}/{directory}")


def sweep_orphans(*, now=None) -> int:
    """Delete the files of every declared folder that no row refers to; how many were deleted."""
    storage, now = private_storage(), now or timezone.now()
    removed = 0
    for stored in declared("attachments", "STORED"):
        names = list(_files(storage, stored.prefix.rstrip("/")))
        for start in range(0, len(names), 500):
            batch = names[start:start + 500]
            kept = stored.referenced(batch)
            for name in batch:
                if name not in kept and now - storage.get_modified_time(name) > ORPHAN_GRACE:
                    storage.delete(name)
                    removed += 1
    return removed
