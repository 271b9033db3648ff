"""签名状态记录: signed, hash-chained statements of what an outsider relies on beyond the printed content.

- ISSUED (at issuing): number, issuer, content digest, QR token, the certificate it replaces;
- PDF (when the signed PDF is stored): the file's SHA-256;
- VOIDED (when voided): reason, time and successor.

Each statement's `body` is canonical JSON (`audit.chain.canonical_json`, as the audit log's chain) holding its
`seq` and the previous statement's hash (`prev`), signed with ECDSA by the issuing organisation's key.
`StatementHead` is locked while one is appended, so the chain has no gaps and no forks. Verification
(`verification.py`) checks the statements of the certificate it shows and their neighbours in the chain;
`chain_check` walks the whole chain (`manage.py certificate_keys verify-chain`).

Writers call these inside their transaction, after the rows they describe are saved:
`record_issue(cert, replaces=old_or_None)`, `record_pdf(cert)`, `record_void(cert)` — and after any audit entry
of that transaction: the audit log's head is locked before this chain's head, always in that order, so two
transactions never wait on each other (a review approval records its audit entry before its hook issues).
"""

import json
from dataclasses import dataclass

from django.utils import timezone

from zhuanji.audit.chain import canonical_json, sha256_hex

from . import keys, signing
from .models import Certificate, CertificateStatement, StatementHead

VERSION = 1


def _append(cert: Certificate, kind: str, fields: dict, *, replaces: str = "") -> CertificateStatement:
    signing_key = keys.org_key(cert.issuer)
    head, _ = StatementHead.objects.select_for_update().get_or_create(pk=1)
    seq = head.seq + 1
    body = canonical_json({"v": VERSION, "seq": seq, "prev": head.hash, "kind": kind, "number": cert.number,
                           "issuer_id": cert.issuer_id, "key": signing_key.key_id,
                           "at": timezone.now().isoformat(), **fields})
    digest = sha256_hex(body)
    statement = CertificateStatement.objects.create(
        seq=seq, certificate=cert, kind=kind, replaces=replaces, body=body, hash=digest,
        key_id=signing_key.key_id, signature=signing.ecdsa_sign(body.encode(), signing_key))
    StatementHead.objects.filter(pk=head.pk).update(seq=seq, hash=digest)
    return statement


def record_issue(cert: Certificate, *, replaces: Certificate | None = None) -> None:
    """The new certificate's ISSUED statement (and its PDF's, if already stored); then, for a replacement, the
    old certificate's VOIDED statement naming it as successor. Call once `replaces.successor` is saved."""
    _append(cert, CertificateStatement.Kind.ISSUED,
            {"content_sha256": signing.content_digest(cert), "verify_token": cert.verify_token,
             "replaces": replaces.number if replaces else ""}, replaces=replaces.number if replaces else "")
    if cert.pdf_sha256:
        record_pdf(cert)
    if replaces is not None:
        record_void(replaces)


def record_pdf(cert: Certificate) -> None:
    """The stored PDF's hash, once `cert.pdf_sha256` is saved."""
    _append(cert, CertificateStatement.Kind.PDF, {"pdf_sha256": cert.pdf_sha256})


def record_void(cert: Certificate) -> None:
    """The VOIDED statement, once the certificate's void status (and successor, if any) is saved."""
    _append(cert, CertificateStatement.Kind.VOIDED,
            {"reason": cert.void_reason, "voided_at": cert.voided_at.isoformat() if cert.voided_at else "",
             "successor": cert.successor.number if cert.successor_id else ""})


def parse(statement: CertificateStatement) -> dict | None:
    """The statement's body when it is what its row says (hash, seq, kind), else None."""
    if sha256_hex(statement.body) != statement.hash:
        return None
    try:
        body = json.loads(statement.body)
    except ValueError:
        return None
    if (not isinstance(body, dict) or body.get("seq") != statement.seq or body.get("kind") != statement.kind
            or body.get("key") != statement.key_id or body.get("replaces", "") != statement.replaces):
        return None
    return body


@dataclass
class ChainResult:
    checked: int = 0
    broken_seq: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem

    def __str__(self) -> str:
        if self.ok:
            return f"statement chain intact: {self.checked} statements"
        return f"statement chain broken at #{self.broken_seq}: {self.problem}"


def chain_check(*, batch: int = 2000) -> ChainResult:
    """Walk every statement in seq order: hashes, links, seq without gaps, and the head. (Signatures are checked
    per certificate by verification.)"""
    result = ChainResult()
    prev_hash, expected = "", 1
    queryset = CertificateStatement.objects.order_by("seq").only("seq", "kind", "replaces", "body", "hash", "key_id")
    for statement in queryset.iterator(chunk_size=batch):
        body = parse(statement)
        if statement.seq != expected:
            result.broken_seq, result.problem = expected, "a statement is missing"
            return result
        if body is None or body.get("prev") != prev_hash:
            result.broken_seq, result.problem = statement.seq, "the statement was changed or its predecessor removed"
            return result
        prev_hash, expected = statement.hash, expected + 1
        result.checked += 1
    head = StatementHead.objects.filter(pk=1).first()
    if ((head.seq, head.hash) if head else (0, "")) != (result.checked, prev_hash):
        result.broken_seq, result.problem = result.checked + 1, "statements at the end were removed"
    return result
