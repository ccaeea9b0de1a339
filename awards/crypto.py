"""Field encryption at rest (issue 25 item 2; docs/security.md §"个人敏感信息加密存储").

Resident IDs and phone numbers are stored as a versioned envelope ``enc1$<key id>$<base64(nonce + ciphertext +
tag)>``: AES-256-GCM (``cryptography``'s AESGCM), or SM4-GCM for a key given as ``sm4:<base64 16 bytes>`` where the
office's 等保 assessment asks for 国密 and the OpenSSL build has it. The associated data is the field's *purpose*
(e.g. ``resident_id``), so a ciphertext moved to another column does not decrypt.

Keys come from the environment, never the database: ``FIELD_ENCRYPTION_KEYS`` = ``"k1=<base64>,k2=sm4:<base64>"``
and ``FIELD_ENCRYPTION_KEY_ID`` (the key new values are written with). Old keys stay listed until ``rotate_keys``
has re-encrypted every row. Lookups and uniqueness use a keyed blind index, HMAC-SHA256 under ``BLIND_INDEX_KEY``
of the normalised value (resident ID upper-cased, phone digits only). In DEBUG/TESTING, with no keys set, a
development key derived from SECRET_KEY is used; in production settings refuse to start without them and the
system check ``crypt.E001`` reports a malformed key set.
"""

import base64
import binascii
import hashlib
import hmac
import os
import re
from dataclasses import dataclass
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.checks import Error, register

PREFIX = "enc1$"
NONCE_BYTES = 12
TAG_BYTES = 16
DEV_KEY_ID = "dev"


class KeyConfigError(ValueError):
    """The key set in the environment is missing or malformed."""


class DecryptionError(ValueError):
    """A stored envelope does not decrypt (unknown key id, wrong key or tampered data)."""


@dataclass(frozen=True)
class FieldKey:
    key_id: str
    algorithm: str  # "aes256gcm" or "sm4gcm"
    secret: bytes = b""

    def encrypt(self, nonce: bytes, plaintext: bytes, aad: bytes) -> bytes:
        if self.algorithm == "sm4gcm":
            enc = Cipher(algorithms.SM4(self.secret), modes.GCM(nonce)).encryptor()
            enc.authenticate_additional_data(aad)
            return enc.update(plaintext) + enc.finalize() + enc.tag
        return AESGCM(self.secret).encrypt(nonce, plaintext, aad)

    def decrypt(self, nonce: bytes, data: bytes, aad: bytes) -> bytes:
        if self.algorithm == "sm4gcm":
            ct, tag = data[:-TAG_BYTES], data[-TAG_BYTES:]
            dec = Cipher(algorithms.SM4(self.secret), modes.GCM(nonce, tag)).decryptor()
            dec.authenticate_additional_data(aad)
            return dec.update(ct) + dec.finalize()
        return AESGCM(self.secret).decrypt(nonce, data, aad)


def _dev_secret(label: str, length: int) -> bytes:
    return hashlib.sha256(f"{label}:{settings.SECRET_KEY}".encode()).digest()[:length]


def parse_keys(spec: str) -> dict[str, FieldKey]:
    """``"k1=<base64 32 bytes>,k2=sm4:<base64 16 bytes>"`` → {key id: key}. Raises KeyConfigError."""
    keys: dict[str, FieldKey] = {}
    for part in (p.strip() for p in spec.split(",")):
        if not part:
            continue
        key_id, sep, value = part.partition("=")
        key_id = key_id.strip()
        if not sep or not re.fullmatch(r"[A-Za-z0-9_-]{1,16}", key_id):
            raise KeyConfigError(f"FIELD_ENCRYPTION_KEYS: {key_id or part[:8]!r} is not 'id=<base64 key>'.")
        algorithm = "aes256gcm"
        if value.startswith("sm4:"):
            algorithm, value = "sm4gcm", value[4:]
        try:
            secret = base64.b64decode(value.strip(), validate=True)
        except (binascii.Error, ValueError):
            raise KeyConfigError(f"FIELD_ENCRYPTION_KEYS: key {key_id!r} is not valid base64.") from None
        want = 16 if algorithm == "sm4gcm" else 32
        if len(secret) != want:
            raise KeyConfigError(
                f"FIELD_ENCRYPTION_KEYS: key {key_id!r} has {len(secret)} bytes; {algorithm} needs {want}."
            )
        if key_id in keys:
            raise KeyConfigError(f"FIELD_ENCRYPTION_KEYS: key id {key_id!r} is listed twice.")
        keys[key_id] = FieldKey(key_id, algorithm, secret)
    return keys


@lru_cache(maxsize=8)
def _keyring(spec: str, current: str, secret_key: str, development: bool) -> tuple[dict[str, FieldKey], str]:
    keys = parse_keys(spec)
    if not keys:
        if not development:
            raise KeyConfigError("FIELD_ENCRYPTION_KEYS is not set.")
        keys = {DEV_KEY_ID: FieldKey(DEV_KEY_ID, "aes256gcm", _dev_secret("field-encryption", 32))}
        current = current or DEV_KEY_ID
    current = current or next(iter(keys))
    if current not in keys:
        raise KeyConfigError(f"FIELD_ENCRYPTION_KEY_ID {current!r} is not among FIELD_ENCRYPTION_KEYS.")
    return keys, current


def keyring() -> tuple[dict[str, FieldKey], str]:
    """The configured keys and the id of the current one (read from settings on every call; cached per value)."""
    return _keyring(
        getattr(settings, "FIELD_ENCRYPTION_KEYS", ""),
        getattr(settings, "FIELD_ENCRYPTION_KEY_ID", ""),
        settings.SECRET_KEY,
        bool(settings.DEBUG or getattr(settings, "TESTING", False)),
    )


def current_key_id() -> str:
    return keyring()[1]


def is_envelope(value) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX)


def envelope_key_id(value: str) -> str:
    return value.split("$", 2)[1] if is_envelope(value) else ""


def encrypt(plaintext: str, purpose: str, key_id: str | None = None) -> str:
    keys, current = keyring()
    key = keys[key_id or current]
    nonce = os.urandom(NONCE_BYTES)
    data = key.encrypt(nonce, plaintext.encode("utf-8"), purpose.encode())
    return f"{PREFIX}{key.key_id}${base64.b64encode(nonce + data).decode('ascii')}"


def decrypt(value: str, purpose: str) -> str:
    if not is_envelope(value):
        raise DecryptionError("not an encrypted value")
    try:
        _, key_id, body = value.split("$", 2)
        raw = base64.b64decode(body, validate=True)
    except (ValueError, binascii.Error):
        raise DecryptionError("malformed envelope") from None
    keys, _current = keyring()
    if key_id not in keys:
        raise DecryptionError(f"key {key_id!r} is not configured (FIELD_ENCRYPTION_KEYS)")
    try:
        return keys[key_id].decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], purpose.encode()).decode("utf-8")
    except InvalidTag:
        raise DecryptionError(f"value under key {key_id!r} does not authenticate") from None


# ---- blind index --------------------------------------------------------------------------------------------


def normalise(value: str, kind: str) -> str:
    value = (value or "").strip()
    if kind == "phone":
        return re.sub(r"\D", "", value)
    return value.upper()


def blind_index_key() -> bytes:
    key = getattr(settings, "BLIND_INDEX_KEY", "")
    if key:
        return key.encode("utf-8")
    if settings.DEBUG or getattr(settings, "TESTING", False):
        return _dev_secret("blind-index", 32)
    raise KeyConfigError("BLIND_INDEX_KEY is not set.")


def blind_index(value: str, kind: str = "resident_id") -> str:
    """HMAC-SHA256 of the normalised value; "" for an empty value (so blank rows never collide)."""
    norm = normalise(value, kind)
    if not norm:
        return ""
    return hmac.new(blind_index_key(), f"{kind}:{norm}".encode(), hashlib.sha256).hexdigest()


@register("security")
def field_keys_configured(app_configs=None, **kwargs):
    errors = []
    try:
        keyring()
        blind_index_key()
    except KeyConfigError as e:
        errors.append(
            Error(
                f"Field encryption keys: {e}",
                hint="Set FIELD_ENCRYPTION_KEYS, FIELD_ENCRYPTION_KEY_ID and BLIND_INDEX_KEY in the environment; "
                "see docs/deployment.md (生成与轮换密钥).",
                id="crypt.E001",
            )
        )
    return errors
