"""证书核验码 — the short code printed (and QR-encoded) on every certificate, for the public verification page
(docs/decisions.md 220–221).

Ten characters from an alphabet of 30 without look-alikes (no 0/O, no 1/I/L, and no U, which handwriting confuses
with V): 30^10 ≈ 5.9 × 10^14 codes, drawn with `secrets`, so a code cannot be guessed or derived
from the certificate number. Printed in two groups of five (ABCDE-FGHJK); read back case-insensitively with
spaces and hyphens ignored."""

import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 10
_IGNORED = re.compile(r"[\s\-‐‑‒–—－_]+")


def new_verify_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise_code(text: str) -> str:
    """What a person typed or scanned, as stored: upper case, without spaces or hyphens (full-width too)."""
    return _IGNORED.sub("", (text or "")).upper()


def is_well_formed(code: str) -> bool:
    return len(code) == LENGTH and all(c in ALPHABET for c in code)


def grouped(code: str) -> str:
    """ABCDE-FGHJK: easier to read out and to type."""
    return f"{code[:5]}-{code[5:]}" if code else ""
