"""What verifying a certificate proves, from public keys only (no private key is ever opened here).

The checks, in order (each is a row of 核验项目 on the page and in the API):

1. 签名密钥 — the key that signed the content is an `IssuerKey` of the certificate's issuing organisation, its
   certificate is issued by the pinned platform CA and names that organisation, and it is not revoked;
2. 内容签名 — ECDSA P-256/SHA-256 over the printed fields recomputed from the row;
3. 商用密码签名 — SM2 over an SM3 digest of the same content, with the SM2 key the CA certified;
4. 照片 — the stored photo is the one whose hash was signed (skipped in lists);
5. 状态记录 — the signed, hash-chained statements (`statements.py`): each signed by a key of the issuer and
   linked to its neighbours in the chain; the ISSUED one binds the QR token and the content, the PDF one the
   stored file, a VOIDED one the reason and successor; the row's status, reason, successor, token and PDF hash
   must be what they say, and no other certificate may claim to replace a certificate that reads valid.

Any failure reads 证书数据校验未通过 (tampered); otherwise valid or void, a void one with its *current*
successor (the end of the replacement chain, itself verified).
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from zhuanji.audit.masking import mask_id_number

from . import keys, signing, sm2, statements
from .models import Certificate, CertificateStatement, IssuerKey, StatementHead

LABELS = {"valid": "真实有效", "void": "已废止", "tampered": "证书数据校验未通过", "not_found": "未查询到"}
KEY, CONTENT, SM2, PHOTO, STATUS = "签名密钥", "内容签名（ECDSA）", "商用密码签名（SM2/SM3）", "照片", "状态记录"
_CHAIN_LIMIT = 20


@dataclass(frozen=True)
class Check:
    item: str
    ok: bool
    detail: str = ""


@dataclass
class Verification:
    """The outcome of 证书查询: `state` is valid / void / tampered / not_found."""

    state: str
    certificate: Certificate | None = None
    checks: list[Check] = field(default_factory=list)
    current: "Verification | None" = None  # a void certificate's current successor, verified

    LABELS = LABELS

    @property
    def label(self) -> str:
        return LABELS[self.state]

    @property
    def problems(self) -> list[str]:
        return [f"{c.item}：{c.detail}" for c in self.checks if not c.ok]

    def fields(self) -> list[tuple[str, str]]:
        """Every printed field (ID number masked), for the page and the API."""
        cert = self.certificate
        if cert is None:
            return []
        hours = f"{cert.hours.normalize():f}" if cert.hours is not None else ""
        rows = [
            ("证书编号", cert.number), ("证书类型", cert.get_kind_display()), ("姓名", cert.name),
            ("性别", cert.gender), ("民族", cert.ethnicity),
            ("出生日期", cert.birth_date.isoformat() if cert.birth_date else ""),
            ("身份证号", mask_id_number(cert.id_number)), ("系列", cert.series), ("专业名称", cert.specialty),
            ("资格名称", cert.qualification), ("级别", cert.level), ("专业/资格", cert.qualification_path),
            ("填报年度", str(cert.filled_year or "")), ("年度", str(cert.year)), ("学时", hours),
            ("批文号", cert.approval_document), ("发证单位", cert.issuer_name),
            ("发证日期", cert.issued_on.isoformat()),
        ]
        if getattr(cert, "reissued", False):
            rows.append(("补发", f"是（补发日期 {cert.issued_on.isoformat()}）"))
        return [(label, value) for label, value in rows if value]

    def as_dict(self) -> dict:
        data = {"result": self.state, "label": self.label}
        cert = self.certificate
        if cert is not None:
            data.update(
                number=cert.number, kind=cert.get_kind_display(), name=cert.name, gender=cert.gender,
                ethnicity=cert.ethnicity, birth_date=cert.birth_date.isoformat() if cert.birth_date else "",
                id_number=mask_id_number(cert.id_number), series=cert.series, specialty=cert.specialty,
                qualification_name=cert.qualification, level=cert.level,
                qualification=cert.qualification_path or cert.qualification,
                filled_year=cert.filled_year, year=cert.year,
                hours=f"{cert.hours.normalize():f}" if cert.hours is not None else "",
                approval_document=cert.approval_document, issuer=cert.issuer_name,
                issued_on=cert.issued_on.isoformat(), reissued=bool(getattr(cert, "reissued", False)),
                void_reason=cert.void_reason if self.state == "void" else "",
                successor=cert.successor.number if self.state == "void" and cert.successor_id else "",
                current_successor=self.current.certificate.number if self.current else "",
                current_successor_result=self.current.state if self.current else "",
                checks=[{"item": c.item, "ok": c.ok, "detail": c.detail} for c in self.checks],
            )
        return data


class _Batch:
    """What verifying several certificates shares, each fetched in one query: the issuer keys, the statements,
    their neighbours in the chain, the chain's head and the statements naming a certificate as replaced."""

    def __init__(self, certificates: list[Certificate]):
        ids = [c.pk for c in certificates]
        # The head first: statements appended while we read are then newer than it, never "missing".
        self.head = StatementHead.objects.filter(pk=1).values_list("seq", flat=True).first() or 0
        self.statements: dict[int, list[CertificateStatement]] = defaultdict(list)
        by_seq: dict[int, CertificateStatement] = {}
        for statement in CertificateStatement.objects.filter(certificate_id__in=ids).order_by("seq"):
            self.statements[statement.certificate_id].append(statement)
            by_seq[statement.seq] = statement
        wanted = {s + d for s in by_seq for d in (-1, 1)} - set(by_seq)
        if wanted:
            by_seq.update((s.seq, s) for s in CertificateStatement.objects.filter(seq__in=wanted).only(
                "seq", "kind", "replaces", "body", "hash", "key_id"))
        self.by_seq = by_seq
        key_ids = {c.key_id for c in certificates} | {s.key_id for items in self.statements.values() for s in items}
        self.keys = {k.key_id: k for k in IssuerKey.objects.filter(key_id__in=key_ids)}
        self.replaced_by: dict[str, set[int]] = defaultdict(set)
        for number, cert_id in CertificateStatement.objects.filter(
                replaces__in=[c.number for c in certificates]).values_list("replaces", "certificate_id"):
            self.replaced_by[number].add(cert_id)
        self._key_cache: dict[tuple[str, int], tuple] = {}

    def key(self, key_id: str, issuer_id: int):
        """(X.509 certificate, SM2 public key, problem) for a key id used on a certificate of `issuer_id`."""
        cache_key = (key_id, issuer_id)
        if cache_key not in self._key_cache:
            self._key_cache[cache_key] = self._check_key(key_id, issuer_id)
        return self._key_cache[cache_key]

    def _check_key(self, key_id: str, issuer_id: int):
        row = self.keys.get(key_id)
        if row is None:
            return None, "", "签名密钥不存在"
        certificate = keys.load_certificate_pem(row.certificate)
        if certificate is None or not keys.is_issued_by_ca(certificate):
            return None, "", "签名密钥证书不是平台根证书签发的"
        if row.organisation_id != issuer_id or keys.certified_org(certificate) != keys.org_identifier(issuer_id):
            return None, "", "签名密钥不属于发证单位"
        if row.status == IssuerKey.Status.REVOKED:
            when = f"于{row.revoked_at:%Y-%m-%d}" if row.revoked_at else ""
            return None, "", f"签名密钥已{when}吊销，请联系发证单位重新发证"
        sm2_public = keys.sm2_public_key(certificate)
        return certificate, sm2_public, "" if sm2_public else "签名密钥证书缺少SM2公钥"

    def linked(self, statement: CertificateStatement, body: dict) -> bool:
        """The statement follows the one before it and is followed by the one after it (or is the newest)."""
        before = self.by_seq.get(statement.seq - 1)
        if statement.seq == 1:
            if body.get("prev") != "":
                return False
        elif before is None or before.hash != body.get("prev"):
            return False
        after = self.by_seq.get(statement.seq + 1)
        if after is None:
            return statement.seq >= self.head
        after_body = statements.parse(after)
        return after_body is not None and after_body.get("prev") == statement.hash


def _content_checks(cert: Certificate, batch: _Batch) -> list[Check]:
    certificate, sm2_public, problem = batch.key(cert.key_id, cert.issuer_id)
    if problem:
        unverifiable = "签名密钥无效，无法验证"
        return [Check(KEY, False, problem), Check(CONTENT, False, unverifiable), Check(SM2, False, unverifiable)]
    content = signing.canonical_content(cert)
    ecdsa_ok = signing.ecdsa_verify(content, cert.signature, certificate)
    sm2_ok = sm2.verify(content, cert.sm2_signature, public_hex=sm2_public)
    return [
        Check(KEY, True, f"{cert.issuer_name}的签名密钥，由平台根证书签发"),
        Check(CONTENT, ecdsa_ok, "" if ecdsa_ok else "证书内容与签名不符"),
        Check(SM2, sm2_ok, "" if sm2_ok else "证书内容与SM2签名不符"),
    ]


def _photo_check(cert: Certificate) -> Check | None:
    if not cert.photo_sha256:
        return None
    try:
        with cert.photo.open("rb") as fh:
            ok = hashlib.sha256(fh.read()).hexdigest() == cert.photo_sha256
    except (OSError, ValueError):
        ok = False
    return Check(PHOTO, ok, "" if ok else "照片文件与签名时不一致")


def _status_problem(cert: Certificate, batch: _Batch) -> str:
    items = batch.statements.get(cert.pk, [])
    if not items:
        return "缺少签名状态记录"
    bodies = []
    for statement in items:
        body = statements.parse(statement)
        if body is None or body.get("number") != cert.number or body.get("issuer_id") != cert.issuer_id:
            return "状态记录与证书不符"
        certificate, _, problem = batch.key(statement.key_id, cert.issuer_id)
        if problem:
            return f"状态记录的{problem}"
        if not signing.ecdsa_verify(statement.body.encode(), statement.signature, certificate):
            return "状态记录的签名无效"
        if not batch.linked(statement, body):
            return "状态记录链不完整（记录被删除或改动）"
        bodies.append(body)
    Kind = CertificateStatement.Kind
    if bodies[0]["kind"] != Kind.ISSUED or sum(b["kind"] == Kind.ISSUED for b in bodies) != 1:
        return "签发记录缺失或重复"
    issued = bodies[0]
    if issued.get("content_sha256") != signing.content_digest(cert):
        return "签发记录与证书内容不符"
    if issued.get("verify_token") != cert.verify_token:
        return "二维码与签发记录不符"
    pdfs = [b for b in bodies if b["kind"] == Kind.PDF]
    if (pdfs[-1].get("pdf_sha256") if pdfs else "") != cert.pdf_sha256:
        return "证书文件与签名记录不符"
    voids = [b for b in bodies if b["kind"] == Kind.VOIDED]
    if len(voids) > 1:
        return "废止记录重复"
    if bool(voids) != (cert.status == Certificate.Status.VOID):
        return "证书状态与签名的废止记录不符"
    successor = cert.successor.number if cert.successor_id else ""
    if voids and (voids[0].get("reason") != cert.void_reason or voids[0].get("successor") != successor):
        return "废止原因或新证书与签名的废止记录不符"
    replaced_by = batch.replaced_by.get(cert.number, set())
    if replaced_by and replaced_by != ({cert.successor_id} if cert.successor_id else set()):
        return "已有新证书替代本证书，但本证书的废止记录缺失或不符"
    return ""


def _verify(cert: Certificate, batch: _Batch, *, files: bool) -> Verification:
    checks = _content_checks(cert, batch)
    if files:
        photo = _photo_check(cert)
        if photo is not None:
            checks.append(photo)
    problem = _status_problem(cert, batch)
    checks.append(Check(STATUS, not problem, problem or "二维码、证书文件与证书状态均与签名记录一致"))
    if not all(c.ok for c in checks):
        return Verification("tampered", cert, checks)
    return Verification("valid" if cert.is_valid else "void", cert, checks)


def _with_current(result: Verification) -> Verification:
    """For a void certificate: follow the successors to the current one, each link verified."""
    previous, seen = result, {result.certificate.pk}
    while previous.state == "void" and previous.certificate.successor_id and len(seen) < _CHAIN_LIMIT:
        successor = Certificate.objects.select_related("successor").get(pk=previous.certificate.successor_id)
        if successor.pk in seen:
            break
        seen.add(successor.pk)
        previous = _verify(successor, _Batch([successor]), files=False)
    if previous is not result:
        result.current = previous
    return result


def verify(cert: Certificate | None, *, files: bool = True) -> Verification:
    """Verify one certificate (`files`: also the stored photo); for a void one, its current successor too."""
    if cert is None:
        return Verification("not_found")
    return _with_current(_verify(cert, _Batch([cert]), files=files))


def verify_many(certificates) -> dict[int, Verification]:
    """Verify a page of certificates in a fixed number of queries (lists: files and successors not read)."""
    certificates = list(certificates)
    batch = _Batch(certificates)
    return {cert.pk: _verify(cert, batch, files=False) for cert in certificates}


def verify_content(cert: Certificate) -> bool:
    """Both content signatures hold under a valid key of the certificate's issuer."""
    return all(c.ok for c in _content_checks(cert, _Batch([cert])))
