"""Per-PDF signing time, one pass (the signature's size reserved) against two (pyHanko measuring it first).

    .venv/bin/python bench/pdf_signing.py                 # 40 rounds; results/pdf-signing.json
    .venv/bin/python bench/pdf_signing.py --repeat 100

Without `bytes_reserved` pyHanko signs a dummy digest to learn how much room the CMS signature needs, then
signs for real: two signatures per PDF. `signing.pdf_sign` reserves `signing.reserved_size(...)` instead.
Both variants sign the same rendered certificate with the same ECDSA P-256 key, CA chain, visible seal field
and metadata; rounds alternate the variants so machine noise hits both alike. Needs no database: the keys are
made in memory, as `keys.py` makes them.

Also timed, for scale: rendering the page (ReportLab) and the content signature — what a final approval now
does inside its transaction (content signature) and what moved to the worker (render + PAdES).
"""

import argparse
import datetime
import json
import statistics
import time
from io import BytesIO
from pathlib import Path
from types import SimpleNamespace

import env

env.setup()

from asn1crypto import keys as asn1_keys  # noqa: E402
from asn1crypto import x509 as asn1_x509  # noqa: E402
from cryptography import x509  # noqa: E402
from cryptography.hazmat.primitives import hashes, serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec  # noqa: E402
from cryptography.x509.oid import NameOID  # noqa: E402
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter  # noqa: E402
from pyhanko.pdf_utils.reader import PdfFileReader  # noqa: E402
from pyhanko.sign import fields, signers  # noqa: E402
from pyhanko.sign.validation import validate_pdf_signature  # noqa: E402
from pyhanko_certvalidator import ValidationContext  # noqa: E402
from pyhanko_certvalidator.registry import SimpleCertificateStore  # noqa: E402

from zhuanji.certificates import pdf, signing  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"


def _certificate(subject: str, key, issuer_name: x509.Name, issuer_key, *, ca: bool) -> x509.Certificate:
    now = datetime.datetime.now(datetime.UTC)
    name = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "新疆专业技术人员管理平台"),
                      x509.NameAttribute(NameOID.COMMON_NAME, subject)])
    return (x509.CertificateBuilder().subject_name(name).issuer_name(issuer_name or name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
                           critical=False)
            .add_extension(x509.KeyUsage(
                digital_signature=not ca, content_commitment=not ca, key_encipherment=False, data_encipherment=False,
                key_agreement=False, key_cert_sign=ca, crl_sign=ca, encipher_only=False, decipher_only=False),
                critical=True)
            .sign(issuer_key, hashes.SHA256()))


def _asn1(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def make_keys():
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = _certificate("电子证书根证书", ca_key, None, ca_key, ca=True)
    org_key = ec.generate_private_key(ec.SECP256R1())
    org = _certificate("自治区职称办公室", org_key, ca.subject, ca_key, ca=False)
    return SimpleNamespace(private_key=org_key, certificate=org), ca


def sample_certificate():
    return SimpleNamespace(
        kind="title", number="ZC2026000001", name="张伟", gender="男", ethnicity="汉族",
        birth_date=datetime.date(1988, 5, 20), id_number="650102198805209772", series="工程系列",
        specialty="水利专业", qualification="正高级工程师", level="正高", year=2025,
        approval_document="新人社职字〔2025〕12号", hours=None, filled_year=None, qualification_path="",
        issuer_name="新疆维吾尔自治区人力资源和社会保障厅", issued_on=datetime.date(2026, 11, 23), reissued=False,
        get_kind_display=lambda: "职称证书")


class Counting(signers.SimpleSigner):
    """Counts raw signatures (pyHanko's size estimate is a full dry-run signature)."""

    calls = 0

    async def async_sign_raw(self, data, digest_algorithm, dry_run=False):
        Counting.calls += 1
        return await super().async_sign_raw(data, digest_algorithm, dry_run=dry_run)


def signer_for(key, ca) -> Counting:
    return Counting(
        signing_cert=_asn1(key.certificate),
        signing_key=asn1_keys.PrivateKeyInfo.load(key.private_key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())),
        cert_registry=SimpleCertificateStore.from_certs([_asn1(ca)]))


def sign(unsigned: bytes, key, ca, cert, *, reserved: int | None, visible: bool) -> bytes:
    """`signing.pdf_sign`'s steps (signer built per PDF, as there), with or without the reserved size."""
    meta = signers.PdfSignatureMetadata(field_name="Signature", subfilter=fields.SigSeedSubFilter.PADES,
                                        md_algorithm="sha256", reason=f"{cert.issuer_name}签发职称证书")
    field, seal = pdf.seal_field(cert) if visible else (None, None)
    pdf_signer = signers.PdfSigner(meta, signer_for(key, ca), new_field_spec=field, stamp_style=seal)
    return pdf_signer.sign_pdf(IncrementalPdfFileWriter(BytesIO(unsigned)), bytes_reserved=reserved).getvalue()


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--out", default=str(RESULTS / "pdf-signing.json"))
    args = parser.parse_args()

    key, ca = make_keys()
    cert = sample_certificate()
    unsigned = pdf.render(cert, verify_url="https://zhuanji.example/certificates/v/token/", photo=None)
    reserved = signing.reserved_size(key.certificate, ca)
    variants = {(visible, one_pass): [] for visible in (False, True) for one_pass in (False, True)}
    calls, sizes = {}, {}
    for variant in variants:  # warm-up, signer calls per PDF, and a validity check of each variant's output
        visible, one_pass = variant
        Counting.calls = 0
        data = sign(unsigned, key, ca, cert, reserved=reserved if one_pass else None, visible=visible)
        calls[variant], sizes[variant] = Counting.calls, len(data)
        status = validate_pdf_signature(PdfFileReader(BytesIO(data)).embedded_signatures[0],
                                        ValidationContext(trust_roots=[_asn1(ca)]))
        assert status.bottom_line, (variant, status.pretty_print_details())
    for _ in range(args.repeat):
        for variant, samples in variants.items():
            visible, one_pass = variant
            samples.append(timed(lambda v=visible, o=one_pass: sign(unsigned, key, ca, cert,
                                                                     reserved=reserved if o else None, visible=v)))
    render = [timed(lambda: pdf.render(cert, verify_url="https://zhuanji.example/v/t/", photo=None))
              for _ in range(args.repeat)]
    content = [timed(lambda: key.private_key.sign(b"x" * 600, ec.ECDSA(hashes.SHA256()))) for _ in range(args.repeat)]

    rows = []
    for visible in (False, True):
        before, after = variants[(visible, False)], variants[(visible, True)]
        rows.append({"field": "visible seal" if visible else "invisible (as before issue 9)",
                     "two_pass_ms": ms(before), "one_pass_ms": ms(after),
                     "ratio": round(statistics.median(before) / statistics.median(after), 2),
                     "signer_calls": [calls[(visible, False)], calls[(visible, True)]],
                     "pdf_bytes": [sizes[(visible, False)], sizes[(visible, True)]]})
    result = {"repeat": args.repeat, "reserved_hex_digits": reserved, "signing": rows,
              "render_ms": ms(render), "content_signature_ms": round(statistics.median(content) * 1000, 3),
              "unsigned_bytes": len(unsigned),
              "at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")}
    print(f"median of {args.repeat} rounds (variants interleaved); reserved {reserved} hex digits")
    print(f"{'signature field':<32} {'two-pass':>10} {'one-pass':>10} {'ratio':>6}  signer calls  PDF bytes")
    for row in rows:
        print(f"{row['field']:<32} {row['two_pass_ms']:>7.1f} ms {row['one_pass_ms']:>7.1f} ms {row['ratio']:>5}×"
              f"  {row['signer_calls'][0]} → {row['signer_calls'][1]}        "
              f"{row['pdf_bytes'][0]} / {row['pdf_bytes'][1]}")
    print(f"render (ReportLab) {result['render_ms']} ms; content signature {result['content_signature_ms']} ms")
    Path(args.out).parent.mkdir(exist_ok=True)
    Path(args.out).write_text(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
