"""Signing keys: a platform CA and, per issuing organisation, an X.509 certificate and private key.

Keys are files under `settings.CERTIFICATE_KEY_DIR`, private keys encrypted with
`settings.CERTIFICATE_KEY_PASSPHRASE`. They are deliberately kept out of the database and out of
media storage (which may be a public bucket): the database only records each certificate's key id.

Layout: `ca.key.pem`, `ca.crt.pem`, `<key_id>.key.pem`, `<key_id>.crt.pem`, and `org-<pk>.current`
naming the organisation's current key id. Rotation writes a new key id and repoints `current`;
old key files stay, so every certificate signed with them keeps verifying.
"""

import datetime
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.conf import settings

CA_ID = "ca"
_VALIDITY = datetime.timedelta(days=365 * 20)


@dataclass(frozen=True)
class SigningKey:
    key_id: str
    private_key: ec.EllipticCurvePrivateKey
    certificate: x509.Certificate


def _dir() -> Path:
    path = Path(settings.CERTIFICATE_KEY_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def _passphrase() -> bytes:
    return settings.CERTIFICATE_KEY_PASSPHRASE.encode()


def _write_exclusive(path: Path, data: bytes) -> bool:
    """Create `path` only if absent, so two app servers racing to create a key agree on one."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    return True


def _save_pair(key_id: str, private_key, certificate: x509.Certificate) -> bool:
    """Write the key, then its certificate; the process that lost a race for the key writes neither."""
    directory = _dir()
    encrypted = private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(_passphrase()),
    )
    if not _write_exclusive(directory / f"{key_id}.key.pem", encrypted):
        return False
    return _write_exclusive(directory / f"{key_id}.crt.pem", certificate.public_bytes(serialization.Encoding.PEM))


def _name(common_name: str) -> x509.Name:
    return x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, settings.PLATFORM_NAME),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
    ])


def _build(subject: x509.Name, public_key, issuer: x509.Name, issuer_key, *, ca: bool) -> x509.Certificate:
    now = datetime.datetime.now(datetime.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject).issuer_name(issuer).public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + _VALIDITY)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
    )
    if ca:
        builder = builder.add_extension(x509.KeyUsage(
            digital_signature=False, content_commitment=False, key_encipherment=False, data_encipherment=False,
            key_agreement=False, key_cert_sign=True, crl_sign=True, encipher_only=False, decipher_only=False,
        ), critical=True)
    else:
        builder = builder.add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=True, key_encipherment=False, data_encipherment=False,
            key_agreement=False, key_cert_sign=False, crl_sign=False, encipher_only=False, decipher_only=False,
        ), critical=True)
    return builder.sign(issuer_key, hashes.SHA256())


def _load(key_id: str) -> SigningKey:
    directory = _dir()
    private_key = serialization.load_pem_private_key((directory / f"{key_id}.key.pem").read_bytes(), _passphrase())
    return SigningKey(key_id, private_key, load_certificate(key_id))


def load_certificate(key_id: str) -> x509.Certificate:
    """The public certificate for a recorded key id (FileNotFoundError when unknown)."""
    return x509.load_pem_x509_certificate((_dir() / f"{key_id}.crt.pem").read_bytes())


def platform_ca() -> SigningKey:
    if not (_dir() / f"{CA_ID}.crt.pem").exists():
        private_key = ec.generate_private_key(ec.SECP256R1())
        name = _name(f"{settings.PLATFORM_NAME}电子证书根证书")
        _save_pair(CA_ID, private_key, _build(name, private_key.public_key(), name, private_key, ca=True))
    return _load(CA_ID)


def _current_pointer(org) -> Path:
    return _dir() / f"org-{org.pk}.current"


def _new_org_key(org) -> str:
    ca = platform_ca()
    private_key = ec.generate_private_key(ec.SECP256R1())
    certificate = _build(_name(org.name), private_key.public_key(), ca.certificate.subject, ca.private_key, ca=False)
    key_id = f"org{org.pk}-{secrets.token_hex(6)}"
    _save_pair(key_id, private_key, certificate)
    return key_id


def org_key(org) -> SigningKey:
    """The organisation's current signing key, created under the platform CA on first use."""
    pointer = _current_pointer(org)
    if not pointer.exists():
        _write_exclusive(pointer, _new_org_key(org).encode())
    return _load(pointer.read_text().strip())


def org_key_rotate(org) -> str:
    """Start signing with a new key; the old key files stay for verifying what they signed."""
    key_id = _new_org_key(org)
    tmp = _current_pointer(org).with_suffix(f".{key_id}.tmp")
    tmp.write_text(key_id)
    os.replace(tmp, _current_pointer(org))
    return key_id


def is_issued_by_platform(certificate: x509.Certificate) -> bool:
    try:
        certificate.verify_directly_issued_by(platform_ca().certificate)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True
