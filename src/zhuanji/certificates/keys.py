"""Signing keys: the platform CA and, per issuing organisation, a key with an X.509 certificate under it.

Public parts — all that verification needs:
- the CA certificate, pinned outside the database: `ca.crt.pem` in `CERTIFICATE_KEY_DIR`, or an externally
  issued CA (`CERTIFICATE_CA_CERT_FILE`, with its issuers up to the published root in
  `CERTIFICATE_CA_CHAIN_FILE`);
- each organisation key's certificate, kept in its `IssuerKey` row (and as `<key_id>.crt.pem` for operators).
  The certificate names the organisation (subject serialNumber `ORG-<pk>`) and carries the key's SM2 public
  key in an extension, so the CA's signature binds the ECDSA key, the SM2 key and the organisation together:
  a row edited in the database no longer chains to the CA.

Private parts, never in the database nor in media storage: `<key_id>.key.json` (the ECDSA and SM2 private keys)
and `ca.key.json`, each wrapped on its own by `CERTIFICATE_KEY_WRAPPER` — by default `PassphraseWrapper`: a key
derived with scrypt from `CERTIFICATE_KEY_PASSPHRASE` and a random salt of that key alone, AES-256-GCM with the
key id as associated data. A KMS is plugged in as another wrapper class (same two methods).

`store.json` holds a check value wrapped the same way: production start-up (`check_store`) refuses a missing
store or a passphrase that does not open it, instead of creating a new root or reading every genuine
certificate as forged. Outside production (`CERTIFICATE_KEY_AUTO_CREATE`) the store is created on first use.
"""

import base64
import datetime
import hashlib
import json
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import core as asn1_core
from cryptography import x509
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.utils.module_loading import import_string

from . import sm2

CA_ID = "ca"
STORE_FILE = "store.json"
_CHECK_ID, _CHECK_VALUE = "store-check", b"zhuanji certificate key store"
_VALIDITY = datetime.timedelta(days=365 * 20)
# A UUID-based OID (ITU-T X.667, arc 2.25): the extension carrying an issuer key's SM2 public key, 04||x||y.
SM2_PUBLIC_KEY_OID = x509.ObjectIdentifier("2.25.113857991822089075076338262673758890574")


class KeyStoreError(ImproperlyConfigured):
    """The key store is missing, damaged, or will not open with the configured passphrase / wrapper."""


@dataclass(frozen=True)
class SigningKey:
    key_id: str
    private_key: ec.EllipticCurvePrivateKey
    certificate: x509.Certificate
    sm2_private: str = ""
    sm2_public: str = ""


# --- wrapping ---------------------------------------------------------------------------------------------------

_KEKS: dict[tuple, bytes] = {}


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


class PassphraseWrapper:
    """Each key wrapped with its own key-encryption key: scrypt(passphrase, the key's random salt), AES-256-GCM
    with the key id as associated data (a wrapped file copied under another key id does not open).

    The cost (`CERTIFICATE_KEY_SCRYPT_N`, 2**15 = 32 MiB) is stored with each key, so raising it later leaves
    older keys readable. A KMS wrapper implements the same `wrap` / `unwrap` and is named by
    `CERTIFICATE_KEY_WRAPPER`."""

    name = "scrypt-aes256gcm"

    @staticmethod
    def _kek(salt: bytes, n: int, r: int, p: int) -> bytes:
        passphrase = settings.CERTIFICATE_KEY_PASSPHRASE.encode()
        cache_key = (hashlib.sha256(passphrase).digest(), salt, n, r, p)
        kek = _KEKS.get(cache_key)
        if kek is None:
            kek = Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase)
            if len(_KEKS) > 256:
                _KEKS.clear()
            _KEKS[cache_key] = kek
        return kek

    def wrap(self, key_id: str, secret: bytes) -> dict:
        salt, nonce, n = os.urandom(16), os.urandom(12), int(settings.CERTIFICATE_KEY_SCRYPT_N)
        ciphertext = AESGCM(self._kek(salt, n, 8, 1)).encrypt(nonce, secret, key_id.encode())
        return {"wrapper": self.name, "salt": _b64(salt), "n": n, "r": 8, "p": 1, "nonce": _b64(nonce),
                "ciphertext": _b64(ciphertext)}

    def unwrap(self, key_id: str, blob: dict) -> bytes:
        if blob.get("wrapper") != self.name:
            raise KeyStoreError(f"key {key_id} was wrapped by {blob.get('wrapper')!r}, not {self.name!r}")
        try:
            kek = self._kek(base64.b64decode(blob["salt"]), int(blob["n"]), int(blob["r"]), int(blob["p"]))
            return AESGCM(kek).decrypt(base64.b64decode(blob["nonce"]), base64.b64decode(blob["ciphertext"]),
                                       key_id.encode())
        except InvalidTag:
            raise KeyStoreError(f"CERTIFICATE_KEY_PASSPHRASE does not open key {key_id} (wrong passphrase, "
                                f"or the file was changed)") from None
        except (KeyError, ValueError, TypeError) as exc:
            raise KeyStoreError(f"the wrapped key {key_id} is damaged: {exc}") from None


def wrapper():
    return import_string(settings.CERTIFICATE_KEY_WRAPPER)()


# --- files ------------------------------------------------------------------------------------------------------

def _dir() -> Path:
    return Path(settings.CERTIFICATE_KEY_DIR)


def _write_exclusive(path: Path, data: bytes) -> bool:
    """Create `path` only if absent, so two processes racing to create a key agree on one."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    return True


def _read_wrapped(key_id: str, path: Path) -> bytes:
    try:
        blob = json.loads(path.read_bytes())
    except FileNotFoundError:
        raise KeyStoreError(f"the private key {key_id} is not in the key store ({path})") from None
    except ValueError:
        raise KeyStoreError(f"the private key file {path} is damaged") from None
    return wrapper().unwrap(key_id, blob)


_CERTS: dict[tuple, list[x509.Certificate]] = {}


def _load_pem_file(path: Path) -> list[x509.Certificate]:
    """The certificates in a PEM file, cached while the file is unchanged."""
    stat = path.stat()
    cache_key = (str(path), stat.st_mtime_ns, stat.st_size)
    if cache_key not in _CERTS:
        if len(_CERTS) > 16:
            _CERTS.clear()
        _CERTS[cache_key] = x509.load_pem_x509_certificates(path.read_bytes())
    return _CERTS[cache_key]


# --- certificates -----------------------------------------------------------------------------------------------

def org_identifier(org_pk: int) -> str:
    """What an organisation key's certificate names as its subject serialNumber."""
    return f"ORG-{org_pk}"


def _name(common_name: str, *, org_pk: int | None = None) -> x509.Name:
    attributes = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, settings.PLATFORM_NAME),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name[:64]),
    ]
    if org_pk is not None:
        attributes.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, org_identifier(org_pk)))
    return x509.Name(attributes)


def _build(subject: x509.Name, public_key, issuer: x509.Name, issuer_key, *, ca: bool,
           sm2_public: str = "") -> x509.Certificate:
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
        ), critical=True).add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False,
        ).add_extension(
            x509.UnrecognizedExtension(SM2_PUBLIC_KEY_OID,
                                       asn1_core.OctetString(bytes.fromhex("04" + sm2_public)).dump()),
            critical=False,
        )
    return builder.sign(issuer_key, hashes.SHA256())


def fingerprint(certificate: x509.Certificate) -> str:
    """SHA-256 fingerprint as PDF readers and `certutil` show it (AB:CD:…)."""
    return certificate.fingerprint(hashes.SHA256()).hex(":").upper()


def sm2_public_key(certificate: x509.Certificate) -> str:
    """The SM2 public key (x||y, 128 hex digits) the certificate binds, or "" when it has none."""
    try:
        extension = certificate.extensions.get_extension_for_oid(SM2_PUBLIC_KEY_OID)
        point = asn1_core.OctetString.load(extension.value.value).native
    except (x509.ExtensionNotFound, ValueError, TypeError):
        return ""
    return point[1:].hex() if len(point) == 65 and point[0] == 4 else ""


def certified_org(certificate: x509.Certificate) -> str:
    """The organisation identifier the certificate's subject names ("" if none)."""
    names = certificate.subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)
    return str(names[0].value) if names else ""


def _ca_cert_path() -> Path:
    return Path(settings.CERTIFICATE_CA_CERT_FILE) if settings.CERTIFICATE_CA_CERT_FILE else _dir() / "ca.crt.pem"


def ca_certificate() -> x509.Certificate:
    """The CA certificate every organisation key chains to: public, pinned outside the database. Created here
    only outside production, on first use; production refuses to start without it (`check_store`)."""
    path = _ca_cert_path()
    if not path.exists() and settings.CERTIFICATE_KEY_AUTO_CREATE and not settings.CERTIFICATE_CA_CERT_FILE:
        init_store()
        for _ in range(50):  # another process won the race to create it and is writing the certificate
            if path.exists():
                break
            time.sleep(0.02)
    if not path.exists():
        raise KeyStoreError(f"no platform CA certificate at {path}: run `manage.py certificate_keys init` once "
                            f"(or set CERTIFICATE_CA_CERT_FILE to an externally issued CA certificate)")
    return _load_pem_file(path)[0]


def trust_chain() -> list[x509.Certificate]:
    """The CA certificate, then (for an external CA) its issuers up to the root — the last is published."""
    chain = [ca_certificate()]
    if settings.CERTIFICATE_CA_CHAIN_FILE:
        chain += _load_pem_file(Path(settings.CERTIFICATE_CA_CHAIN_FILE))
    return chain


def published_root() -> x509.Certificate:
    """The root certificate published on 证书查询, which a PDF reader or `pdfsig` is told to trust."""
    return trust_chain()[-1]


def is_issued_by_ca(certificate: x509.Certificate) -> bool:
    try:
        certificate.verify_directly_issued_by(ca_certificate())
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def load_certificate_pem(pem: str) -> x509.Certificate | None:
    try:
        return x509.load_pem_x509_certificate(pem.encode())
    except ValueError:
        return None


# --- the store --------------------------------------------------------------------------------------------------

def init_store() -> bool:
    """Create the platform root (unless an external CA is configured) and the passphrase check; True when
    anything was created. Never replaces an existing root."""
    directory = _dir()
    created = False
    if not settings.CERTIFICATE_CA_CERT_FILE and not (directory / "ca.crt.pem").exists():
        private_key = ec.generate_private_key(ec.SECP256R1())
        name = _name(f"{settings.PLATFORM_NAME}电子证书根证书")
        certificate = _build(name, private_key.public_key(), name, private_key, ca=True)
        der = private_key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                        serialization.NoEncryption())
        # The key first: the process that loses the race for it writes neither file.
        if _write_exclusive(directory / "ca.key.json", json.dumps(wrapper().wrap(CA_ID, der)).encode()):
            _write_exclusive(directory / "ca.crt.pem", certificate.public_bytes(serialization.Encoding.PEM))
            created = True
    if not (directory / STORE_FILE).exists():
        check = wrapper().wrap(_CHECK_ID, _CHECK_VALUE)
        created |= _write_exclusive(directory / STORE_FILE, json.dumps({"check": check}).encode())
    return created


def check_store() -> None:
    """Production start-up: the CA certificate is there and the wrapper opens the store (right passphrase,
    KMS reachable). Raises KeyStoreError saying what is wrong; creates nothing."""
    directory = _dir()
    if not directory.is_dir():
        raise KeyStoreError(f"CERTIFICATE_KEY_DIR {directory} does not exist: mount the key store, or create it "
                            f"once with `manage.py certificate_keys init`")
    if not _ca_cert_path().exists():
        raise KeyStoreError(f"no platform CA certificate at {_ca_cert_path()}: mount the key store, or create it "
                            f"once with `manage.py certificate_keys init`")
    ca_certificate()
    try:
        store = json.loads((directory / STORE_FILE).read_bytes())
    except (FileNotFoundError, ValueError):
        raise KeyStoreError(f"{directory / STORE_FILE} is missing or damaged: run `manage.py certificate_keys "
                            f"init`") from None
    if wrapper().unwrap(_CHECK_ID, store.get("check") or {}) != _CHECK_VALUE:
        raise KeyStoreError("the key store's check value is wrong")
    if settings.CERTIFICATE_CA_KEY_FILE:
        _external_ca_key()


def _external_ca_key():
    try:
        return serialization.load_pem_private_key(Path(settings.CERTIFICATE_CA_KEY_FILE).read_bytes(),
                                                  settings.CERTIFICATE_CA_KEY_PASSWORD.encode() or None)
    except (OSError, ValueError, TypeError) as exc:
        raise KeyStoreError(f"CERTIFICATE_CA_KEY_FILE cannot be read with CERTIFICATE_CA_KEY_PASSWORD: {exc}") \
            from None


def _same_key(private_key, certificate: x509.Certificate) -> bool:
    return private_key.public_key().public_numbers() == certificate.public_key().public_numbers()


def platform_ca() -> SigningKey:
    """The CA with its private key: needed only to create an organisation key, never to verify."""
    certificate = ca_certificate()
    if settings.CERTIFICATE_CA_CERT_FILE:
        if not settings.CERTIFICATE_CA_KEY_FILE:
            raise KeyStoreError("CERTIFICATE_CA_KEY_FILE is not set: the external CA's key is needed to create "
                                "an organisation's signing key")
        private_key = _external_ca_key()
    else:
        if (_dir() / "ca.key.pem").exists() and not (_dir() / "ca.key.json").exists():
            raise KeyStoreError(f"{_dir()} is a key store of the old layout (ca.key.pem, one passphrase for all): "
                                f"move it aside and reload the demo data (development), it signed no real certificate")
        private_key = serialization.load_der_private_key(_read_wrapped(CA_ID, _dir() / "ca.key.json"), None)
    if not _same_key(private_key, certificate):
        raise KeyStoreError("the CA private key does not belong to the CA certificate")
    return SigningKey(CA_ID, private_key, certificate)


# --- organisation keys ------------------------------------------------------------------------------------------

def key_create(org):
    """A new signing key for `org`, made active (the caller has retired or revoked any active one). On a race
    with another process creating the organisation's first key, that one wins and is returned."""
    from .models import IssuerKey

    ca = platform_ca()
    private_key = ec.generate_private_key(ec.SECP256R1())
    sm2_private, sm2_public = sm2.generate()
    certificate = _build(_name(org.name, org_pk=org.pk), private_key.public_key(), ca.certificate.subject,
                         ca.private_key, ca=False, sm2_public=sm2_public)
    key_id = f"org{org.pk}-{secrets.token_hex(6)}"
    secret = json.dumps({"ecdsa": _b64(private_key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())),
        "sm2": sm2_private}).encode()
    pem = certificate.public_bytes(serialization.Encoding.PEM)
    _write_exclusive(_dir() / f"{key_id}.key.json", json.dumps(wrapper().wrap(key_id, secret)).encode())
    _write_exclusive(_dir() / f"{key_id}.crt.pem", pem)
    try:
        with transaction.atomic():
            return IssuerKey.objects.create(organisation=org, key_id=key_id, certificate=pem.decode(),
                                            fingerprint=certificate.fingerprint(hashes.SHA256()).hex(),
                                            sm2_public_key=sm2_public)
    except IntegrityError:
        existing = IssuerKey.objects.filter(organisation=org, status=IssuerKey.Status.ACTIVE).first()
        if existing is None:
            raise
        return existing


_SIGNING_KEYS: dict[tuple, SigningKey] = {}


def load_signing_key(issuer_key) -> SigningKey:
    """The private keys of an `IssuerKey` row, checked against its certificate (kept per process while the
    key file, the certificate and the passphrase are unchanged)."""
    path = _dir() / f"{issuer_key.key_id}.key.json"
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise KeyStoreError(f"the private key {issuer_key.key_id} is not in the key store ({path})") from None
    cache_key = (str(path), stat.st_mtime_ns, stat.st_size, issuer_key.certificate, settings.CERTIFICATE_KEY_WRAPPER,
                 hashlib.sha256(settings.CERTIFICATE_KEY_PASSPHRASE.encode()).digest())
    if cache_key not in _SIGNING_KEYS:
        if len(_SIGNING_KEYS) > 64:
            _SIGNING_KEYS.clear()
        _SIGNING_KEYS[cache_key] = _load_signing_key(issuer_key, path)
    return _SIGNING_KEYS[cache_key]


def _load_signing_key(issuer_key, path: Path) -> SigningKey:
    secret = json.loads(_read_wrapped(issuer_key.key_id, path))
    private_key = serialization.load_der_private_key(base64.b64decode(secret["ecdsa"]), None)
    certificate = x509.load_pem_x509_certificate(issuer_key.certificate.encode())
    sm2_public = sm2_public_key(certificate)
    if not _same_key(private_key, certificate) or sm2.public_key_of(secret["sm2"]) != sm2_public:
        raise KeyStoreError(f"the private key {issuer_key.key_id} does not belong to its certificate")
    return SigningKey(issuer_key.key_id, private_key, certificate, secret["sm2"], sm2_public)


def org_key(org) -> SigningKey:
    """The organisation's active signing key, created under the CA on first use (or after a revocation)."""
    from .models import IssuerKey

    active = IssuerKey.objects.filter(organisation=org, status=IssuerKey.Status.ACTIVE).first()
    if active is None:
        from zhuanji.audit.services import SYSTEM, record

        active = key_create(org)
        record(actor=SYSTEM, action="certificates.key_create", obj=active, org=org,
               after={"key_id": active.key_id, "fingerprint": active.fingerprint})
    return load_signing_key(active)
