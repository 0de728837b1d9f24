"""Secret tokens in URLs and headers: 256 random bits, stored only as a SHA-256 hash."""

import base64
import hashlib
import hmac
import secrets

from django.utils.crypto import salted_hmac

MAX_TOKEN_LENGTH = 100


def new_token(prefix=""):
    return prefix + secrets.token_urlsafe(32)


def derived_token(key, purpose):
    """A 256-bit URL-safe token computed from a stored key and the server's secret key.

    Rotating SECRET_KEY changes every derived token (old links stop working).
    """
    digest = salted_hmac(f"pusula.{purpose}", key, algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


def find_by_token(queryset, token, field="token_hash"):
    """The row whose hash matches the token, or None; the final comparison runs in constant time."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    digest = hash_token(token)
    row = queryset.filter(**{field: digest}).first()
    return row if row is not None and hmac.compare_digest(getattr(row, field), digest) else None
