"""Issue 9 §1, the keys: the published root that PDF readers trust, per-key wrapping, a production start-up that
refuses a missing store or a wrong passphrase, an external CA, rotation and revocation as audited services."""

import datetime
import json
import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from zhuanji.audit.models import AuditEntry
from zhuanji.certificates import keys, statements
from zhuanji.certificates.models import CertificateStatement, IssuerKey
from zhuanji.certificates.selectors import certificate_verify
from zhuanji.certificates.services import certificate_revoke, issuer_key_revoke, issuer_key_rotate

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()


def nss_store(directory: Path, root_pem: bytes) -> str:
    """An NSS certificate database (what poppler's pdfsig reads) trusting `root_pem` as a CA."""
    directory.mkdir()
    (directory / "root.pem").write_bytes(root_pem)
    subprocess.run(["certutil", "-N", "-d", f"sql:{directory}", "--empty-password"], check=True)
    subprocess.run(["certutil", "-A", "-n", "zhuanji-root", "-t", "C,C,C", "-i", str(directory / "root.pem"),
                    "-d", f"sql:{directory}"], check=True)
    return f"sql:{directory}"


def pdfsig(path: Path, nssdir: str | None = None) -> str:
    command = ["pdfsig", *(["-nssdir", nssdir] if nssdir else []), str(path)]
    return subprocess.run(command, capture_output=True, text=True, check=False).stdout


@pytest.mark.skipif(not shutil.which("certutil"), reason="certutil (libnss3-tools) is not installed")
def test_pdfsig_trusts_the_issuer_once_the_published_root_is_in_its_store(client, issue, tmp_path):
    cert = issue()
    path = tmp_path / "c.pdf"
    path.write_bytes(cert.pdf.read())
    assert "Certificate issuer isn't Trusted." in pdfsig(path)
    # The root as 证书查询 publishes it: a download link and its fingerprint.
    page = client.get(reverse("certificates:verify")).content.decode()
    root_pem = client.get(reverse("certificates:root_certificate", args=["pem"])).content
    root = x509.load_pem_x509_certificate(root_pem)
    assert keys.fingerprint(root) in page and "pdfsig -nssdir" in page
    der = client.get(reverse("certificates:root_certificate", args=["cer"])).content
    assert x509.load_der_x509_certificate(der) == root
    report = pdfsig(path, nss_store(tmp_path / "nss", root_pem))
    assert "Signature is Valid." in report and "Certificate is Trusted." in report
    assert "Total document signed" in report


def _production_env(tmp_path: Path, passphrase: str) -> dict:
    # Only what production would give (the test run's own environment says ZHUANJI_ENV=test, HTTPS=False).
    env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    env.update(ZHUANJI_ENV="production", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="zj.example.cn",
               PUBLIC_BASE_URL="https://zj.example.cn", CERTIFICATE_KEY_PASSPHRASE=passphrase,
               CERTIFICATE_KEY_DIR=str(tmp_path / "keys"), ZHUANJI_VAR_DIR=str(tmp_path / "var"),
               DJANGO_SETTINGS_MODULE="zhuanji.settings", PYTHONPATH=str(ROOT / "src"))
    return env


def _start(env: dict) -> subprocess.CompletedProcess:
    """What gunicorn or a Celery worker does first: set Django up."""
    return subprocess.run([sys.executable, "-c", "import django; django.setup(); print('started')"], env=env,
                          capture_output=True, text=True, timeout=120, check=False)


def test_production_start_up_refuses_a_missing_key_store_or_a_wrong_passphrase(tmp_path):
    env = _production_env(tmp_path, "the right passphrase")
    missing = _start(env)
    assert missing.returncode != 0 and "certificate_keys init" in missing.stderr
    assert not (tmp_path / "keys" / "ca.crt.pem").exists()  # no root made behind anyone's back

    init = subprocess.run([sys.executable, str(ROOT / "manage.py"), "certificate_keys", "init"], env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert init.returncode == 0 and "SHA-256:" in init.stdout, init.stderr
    assert _start(env).stdout.strip() == "started"

    wrong = _start({**env, "CERTIFICATE_KEY_PASSPHRASE": "a wrong passphrase"})
    assert wrong.returncode != 0 and "CERTIFICATE_KEY_PASSPHRASE does not open" in wrong.stderr


def test_outside_auto_create_no_root_is_ever_made(settings):
    settings.CERTIFICATE_KEY_AUTO_CREATE = False
    with pytest.raises(keys.KeyStoreError):
        keys.ca_certificate()
    with pytest.raises(keys.KeyStoreError):
        keys.check_store()
    assert not settings.CERTIFICATE_KEY_DIR.exists() or not any(settings.CERTIFICATE_KEY_DIR.iterdir())


def test_each_key_has_its_own_wrapping(issue, world, settings):
    cert = issue()
    keys.org_key(world.competent)
    files = sorted(settings.CERTIFICATE_KEY_DIR.glob("*.key.json"))
    blobs = [json.loads(f.read_bytes()) for f in files]
    assert len(blobs) == 3 and len({b["salt"] for b in blobs}) == 3 and {b["n"] for b in blobs} == {2**10}
    # A wrapped key copied under another key id does not open (the key id is authenticated with it).
    other = IssuerKey.objects.get(organisation=world.competent)
    (settings.CERTIFICATE_KEY_DIR / f"{other.key_id}.key.json").write_bytes(
        (settings.CERTIFICATE_KEY_DIR / f"{cert.key_id}.key.json").read_bytes())
    with pytest.raises(keys.KeyStoreError):
        keys.load_signing_key(other)
    # A wrong passphrase signs nothing (and verification, public keys only, goes on).
    settings.CERTIFICATE_KEY_PASSPHRASE = "wrong"
    with pytest.raises(keys.KeyStoreError):
        issue(holder=world.other_person)
    assert certificate_verify(number=cert.number, name="张伟").state == "valid"


def test_a_kms_wrapper_can_replace_the_passphrase(issue, settings):
    settings.CERTIFICATE_KEY_WRAPPER = "tests.certificates.test_keys.FakeKms"
    cert = issue()
    assert json.loads((settings.CERTIFICATE_KEY_DIR / f"{cert.key_id}.key.json").read_bytes())["wrapper"] == "kms"
    assert certificate_verify(number=cert.number, name="张伟").state == "valid"


class FakeKms:
    """A stand-in KMS: the interface `CERTIFICATE_KEY_WRAPPER` names (wrap / unwrap)."""

    def wrap(self, key_id: str, secret: bytes) -> dict:
        return {"wrapper": "kms", "key": key_id, "blob": secret[::-1].hex()}

    def unwrap(self, key_id: str, blob: dict) -> bytes:
        if blob.get("key") != key_id:
            raise keys.KeyStoreError("wrong key")
        return bytes.fromhex(blob["blob"])[::-1]


def _ca(subject: str, issuer=None, issuer_key=None, path_length=None):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(issuer.subject if issuer else name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=path_length), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                                     encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(issuer_key or key, hashes.SHA256())
    )
    return certificate, key


@pytest.mark.skipif(not shutil.which("certutil"), reason="certutil (libnss3-tools) is not installed")
def test_an_externally_issued_ca_signs_the_organisations_keys(client, issue, settings, tmp_path):
    root, root_key = _ca("某省电子认证服务机构根证书")
    ca, ca_key = _ca("专技平台电子证书CA", root, root_key, path_length=0)
    (tmp_path / "ca.pem").write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "ca.key").write_bytes(ca_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"ca-password")))
    (tmp_path / "chain.pem").write_bytes(root.public_bytes(serialization.Encoding.PEM))
    settings.CERTIFICATE_CA_CERT_FILE = str(tmp_path / "ca.pem")
    settings.CERTIFICATE_CA_KEY_FILE = str(tmp_path / "ca.key")
    settings.CERTIFICATE_CA_KEY_PASSWORD = "ca-password"
    settings.CERTIFICATE_CA_CHAIN_FILE = str(tmp_path / "chain.pem")

    cert = issue()
    assert not (settings.CERTIFICATE_KEY_DIR / "ca.crt.pem").exists()  # no platform root of its own
    assert certificate_verify(number=cert.number, name="张伟").state == "valid"
    assert keys.published_root() == root and keys.fingerprint(root) in client.get(
        reverse("certificates:verify")).content.decode()
    path = tmp_path / "c.pdf"
    path.write_bytes(cert.pdf.read())
    report = pdfsig(path, nss_store(tmp_path / "nss", root.public_bytes(serialization.Encoding.PEM)))
    assert "Signature is Valid." in report and "Certificate is Trusted." in report


def test_rotation_and_revocation_are_audited_services(issue, world):
    old = issue()
    with pytest.raises(PermissionDenied):
        issuer_key_rotate(actor=world.title_office_staff, organisation=world.title_office, reason="轮换")
    new_key = issuer_key_rotate(actor=world.platform_admin, organisation=world.title_office, reason="年度轮换")
    new = issue(holder=world.other_person)
    assert new.key_id == new_key.key_id != old.key_id
    assert IssuerKey.objects.get(key_id=old.key_id).status == IssuerKey.Status.RETIRED
    assert certificate_verify(number=old.number, name="张伟").state == "valid"  # a retired key still verifies

    issuer_key_revoke(actor=world.platform_admin, key=IssuerKey.objects.get(key_id=old.key_id), reason="密钥泄露")
    result = certificate_verify(number=old.number, name="张伟")
    assert result.state == "tampered" and "已" in result.problems[0] and "吊销" in result.problems[0]
    assert certificate_verify(number=new.number, name="古丽娜尔·艾买提").state == "valid"
    # Revoking the active key gives the organisation a new one at once.
    issuer_key_revoke(actor=world.platform_admin, key=new_key, reason="密钥泄露")
    active = IssuerKey.objects.get(organisation=world.title_office, status=IssuerKey.Status.ACTIVE)
    assert active.key_id not in (old.key_id, new_key.key_id)
    actions = list(AuditEntry.objects.filter(action__startswith="certificates.key_").values_list("action", flat=True))
    assert actions.count("certificates.key_rotate") == 1 and actions.count("certificates.key_revoke") == 2


def test_the_key_admin_page(login, issue, world):
    cert = issue()
    client = login(world.platform_admin)
    page = client.get(reverse("certificates:keys")).content.decode()
    assert cert.key_id in page and world.title_office.name in page and "轮换密钥" in page
    assert client.post(reverse("certificates:key_rotate"), {"org": world.title_office.pk, "reason": ""}).status_code \
        == 302
    assert IssuerKey.objects.filter(organisation=world.title_office).count() == 1  # refused: no reason
    rotated = client.post(reverse("certificates:key_rotate"), {"org": world.title_office.pk, "reason": "年度轮换"},
                          follow=True).content.decode()
    assert IssuerKey.objects.filter(organisation=world.title_office).count() == 2
    new_key = IssuerKey.objects.get(organisation=world.title_office, status=IssuerKey.Status.ACTIVE)
    assert f"已为“{world.title_office.name}”启用新签名密钥 {new_key.key_id}" in rotated
    key = IssuerKey.objects.get(key_id=cert.key_id)
    revoked = client.post(reverse("certificates:key_revoke", args=[key.pk]), {"reason": "密钥泄露"},
                          follow=True).content.decode()
    key.refresh_from_db()
    assert key.status == IssuerKey.Status.REVOKED and key.revoke_reason == "密钥泄露"
    assert f"已吊销签名密钥 {key.key_id}" in revoked
    again = client.post(reverse("certificates:key_revoke", args=[key.pk]), {"reason": "再次"}, follow=True)
    assert "该密钥已吊销" in again.content.decode()  # the service's refusal, as a message
    assert login(world.title_office_staff).get(reverse("certificates:keys")).status_code == 403


def test_the_chain_walk_finds_a_statement_removed_from_the_middle(issue, world):
    revoked = issue()
    certificate_revoke(actor=world.title_office_staff, certificate=revoked, reason="资格被撤销")
    issue(holder=world.other_person)  # later statements: the VOIDED one is no longer the newest
    assert statements.chain_check().ok
    CertificateStatement.objects.filter(certificate=revoked, kind="voided").delete()
    check = statements.chain_check()
    assert not check.ok and "missing" in str(check)
