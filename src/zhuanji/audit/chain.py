"""The audit log's hash chain: each entry stores the hash of the one before it and its own.

`hash = sha256(canonical JSON of the entry's fields, prev_hash included)`; the first entry's `prev_hash` is ""
(or, once older entries are archived, the hash of the last archived one). Changing any stored field of a row,
removing a row, or removing rows at the end (the head, `AuditHead`, keeps the last hash) breaks the chain at a
place `verify()` reports. The archive files carry the same fields, so they are verified the same way.
"""

import datetime
import hashlib
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass

# The fields a hash covers, as stored (`AuditEntry` columns; `actor_id`, `org_id` are the foreign keys' ids).
FIELDS = ("actor_id", "actor_label", "org_id", "action", "object_type", "object_id", "object_repr",
          "subject_hash", "before", "after", "ip", "created_at", "prev_hash")


def jsonable(value):
    """`value` as the JSON both databases give back: keys as text, integral floats as ints (PostgreSQL's jsonb
    prints `1.0` and `1e16` as whole numbers), anything else that is not JSON as its text."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        return int(value) if value.is_integer() else value
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return str(value)


def _timestamp(value) -> str:
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat(timespec="microseconds")
    return str(value)  # an archive line holds it as this text already


def payload(row: dict) -> dict:
    """The canonical form of a row's hashed fields (`row`: a `.values()` dict or an archive line)."""
    data = {name: row.get(name) for name in FIELDS}
    data["created_at"] = _timestamp(data["created_at"])
    data["object_id"] = str(data["object_id"] or "")
    for name in ("actor_label", "action", "object_type", "object_repr", "subject_hash", "prev_hash"):
        data[name] = data[name] or ""
    data["before"] = jsonable(data["before"] or {})
    data["after"] = jsonable(data["after"] or {})
    data["ip"] = data["ip"] or None
    return data


def canonical_json(data) -> str:
    """The one canonical JSON text the platform hashes and signs (this chain, its archive lines, the certificates'
    content signatures and statement chain): sorted keys, no spaces, non-ASCII kept as UTF-8."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def sha256_hex(text: str | bytes) -> str:
    """SHA-256 of `text` (UTF-8 when it is a str), as 64 hex digits."""
    return hashlib.sha256(text.encode("utf-8") if isinstance(text, str) else text).hexdigest()


def entry_hash(row: dict) -> str:
    return sha256_hex(canonical_json(payload(row)))


@dataclass
class Result:
    checked: int = 0
    last_id: int | None = None
    last_hash: str = ""
    broken_id: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem

    def __str__(self) -> str:
        if self.ok:
            return f"audit chain intact: {self.checked} entries, last #{self.last_id}, head {self.last_hash[:16]}"
        where = f" at entry #{self.broken_id}" if self.broken_id is not None else ""
        return f"audit chain broken{where}: {self.problem} ({self.checked} entries intact before it)"


def verify(rows: Iterable[dict], *, anchor: str = "", head: str | None = None) -> Result:
    """Walk `rows` (in id order, each with `id`, `hash` and the hashed fields) from `anchor`, the hash the
    first row must follow; stop at the first broken link. `head`, when given, is the hash the last row must
    have (rows removed from the end leave every remaining link intact)."""
    result = Result(last_hash=anchor)
    for row in rows:
        if row.get("prev_hash") != result.last_hash:
            result.broken_id, result.problem = row["id"], "its prev_hash is not the hash of the entry before it " \
                                                          "(an entry before it was removed or changed)"
            return result
        if entry_hash(row) != row.get("hash"):
            result.broken_id, result.problem = row["id"], "its fields do not match its hash (the entry was changed)"
            return result
        result.checked += 1
        result.last_id, result.last_hash = row["id"], row["hash"]
    if head is not None and head != result.last_hash:
        result.problem = "the last entry's hash is not the head's (entries at the end were removed)"
    return result
