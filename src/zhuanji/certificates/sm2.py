"""SM2 signatures over an SM3 digest (GB/T 32918, GB/T 32905), for 商用密码 assessment (GB/T 39786-2021).

A thin layer over the pure-Python `gmssl` package that avoids three of its sharp edges:

- the signing nonce: gmssl draws it with `random.choice` (not a CSPRNG), so a nonce is always passed in
  here, drawn with `secrets`;
- the public key: gmssl's constructor strips a leading "04" with `str.lstrip`, which also eats a key whose
  x coordinate begins with 0 or 4, so the key is set on the object directly;
- verification: r and s are range-checked and malformed input reads as "not verified", never an exception.

Signatures are `r || s` as 128 hex digits; public keys the uncompressed point `x || y` as 128 hex digits.
The digest is SM3(Z_A || message) with the standard default user id 1234567812345678.
"""

import re
import secrets

from gmssl import sm2 as _gm

_CURVE = _gm.default_ecc_table
N = int(_CURVE["n"], 16)
_HEX_128 = re.compile(r"[0-9a-f]{128}")


def _crypt(*, private_hex: str = "", public_hex: str = "") -> _gm.CryptSM2:
    crypt = _gm.CryptSM2(private_key=private_hex, public_key="")
    crypt.public_key = public_hex
    return crypt


def generate() -> tuple[str, str]:
    """A new key pair: (private key as 64 hex digits, public key as 128)."""
    d = secrets.randbelow(N - 2) + 1  # 1 ≤ d ≤ n-2
    private_hex = f"{d:064x}"
    return private_hex, public_key_of(private_hex)


def public_key_of(private_hex: str) -> str:
    return _crypt(private_hex=private_hex)._kg(int(private_hex, 16), _CURVE["g"])


def sign(data: bytes, *, private_hex: str, public_hex: str) -> str:
    crypt = _crypt(private_hex=private_hex, public_hex=public_hex)
    while True:
        signature = crypt.sign_with_sm3(data, f"{secrets.randbelow(N - 1) + 1:064x}")
        if signature:  # None on the (negligible) r = 0 or r + k = n draws: draw again
            return signature


def verify(data: bytes, signature: str, *, public_hex: str) -> bool:
    if not (isinstance(signature, str) and _HEX_128.fullmatch(signature) and _HEX_128.fullmatch(public_hex or "")):
        return False
    r, s = int(signature[:64], 16), int(signature[64:], 16)
    if not (1 <= r < N and 1 <= s < N):
        return False
    try:
        return bool(_crypt(public_hex=public_hex).verify_with_sm3(signature, data))
    except (TypeError, ValueError):
        return False
