"""Content digests (evidence files, report snapshots), with hashlib loaded on first use.

hashlib loads OpenSSL, about 5 ms; the window's start needs no digest, so the modules it
imports ask here instead of importing hashlib themselves.
"""

from __future__ import annotations


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of ``data`` as 64 hexadecimal digits."""
    import hashlib

    return hashlib.sha256(data).hexdigest()
