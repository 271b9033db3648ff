"""Electronic certificates: issue, sign, render, verify, revoke — the one way any module issues one.

Interface for other modules (titles, training, hours):

    from zhuanji.certificates.models import CertificateKind
    from zhuanji.certificates.services import certificate_issue, certificate_replace, certificate_revoke

    cert = certificate_issue(
        actor=user_or_audit.services.SYSTEM,   # needs `certificates.issue` in `issuer` (SYSTEM: automatic issuing)
        kind=CertificateKind.HOURS,            # TITLE 职称, CE_PUBLIC 公需课, CE_PROFESSIONAL 专业课, HOURS 学时认定
        holder=person_user,                    # name, gender, 民族, birth date, ID number, 一寸照 are snapshotted
        issuer=organisation,                   # signs with this organisation's key; printed as 发证/认定单位
        year=2023,                             # 年度 / 认定年度 / 取得年度
        source="hours.Application:42",         # what it is for: at most one valid certificate per (kind, source)
        # printed fields, all optional text unless noted:
        series="工程系列", specialty="水利专业", qualification="正高级工程师", level="正高",
        qualification_path="工程系列(正高)/水利专业/正高级工程师",   # 认定专业 / 专业/资格, stored as text
        hours=60, filled_year=2023,           # 学时, 填报年度 (numbers)
        approval_document="新人社职字〔2023〕12号",  # 批文号
    )

It runs in its own transaction (nested in the caller's if any): number `ZC|GX|ZY|XSRD` + year + 6 digits,
content signature, audit entry — nothing slow. After commit the worker renders the A4 PDF (QR code to
`certificates:verify_qr`, the issuer's seal in a visible PAdES signature field) and signs it once
(`services/pdfs.py`); until then `cert.pdf_ready` is False (生成中) and a download shows a page that waits.
Raises PermissionDenied / ValidationError (Chinese messages; a photo that does not decode is refused here).

- `certificate_replace(*, actor, certificate, reason, changes=None, photo=None, reissue=False)`: a new
  certificate with the old content plus `changes` (any snapshot field), voiding the old one with `reason` and
  successor; `reissue=True` for a 补发 (证书丢失补办), printed as such. A void certificate downloads stamped 已作废.
- `certificate_revoke(*, actor, certificate, reason)`: void without successor.
- `bulk_job_create(*, actor, issuer, kind, title, year, holders, fields=None, holder_fields=None)` then
  `bulk_job_start(*, actor, job)`: background issuing (e.g. every holder of one 批文) under a lease; a run
  that dies is resumed by the periodic job `certificates.resume_bulk`, each holder issued exactly once.
- Selectors: `certificate_list_own`, `certificate_list_issued`, `certificate_get_for_user`,
  `certificate_verify(number=, name=)`, `certificate_verify_token(token=)`, `certificate_verify_file(data=)`
  (上传证书文件核验, `pdfcheck.py`), `certificate_checks(certs)` (签证状态 of a page).
- Public pages: `certificates:verify` (证书查询, with the root certificate's download and fingerprint),
  `certificates:verify_qr`, `certificates:verify_file`; JSON `GET /api/v1/certificates/verify?number=…&name=…`
  (every printed field and each check).

Trust (issue 9 §1): each organisation signs with its own key (`keys.py`: an `IssuerKey` certified by the platform
CA, private parts wrapped one by one in the key store; 平台管理 › 签名密钥 rotates and revokes them,
`services/keys.py`). The content is signed twice (ECDSA P-256 and SM2/SM3, `signing.py`, `sm2.py`); what an
outsider relies on besides it — QR token, PDF hash, voiding and successor — is a signed statement in one hash
chain (`statements.py`: writers call `record_issue`, `record_pdf`, `record_void` in their transaction).
`verification.py` checks all of it from public keys only and derives the status from the statements.
"""
