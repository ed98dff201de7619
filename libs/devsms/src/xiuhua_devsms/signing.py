"""Checking the signatures the providers' SDKs put on a request, as the providers do.

Aliyun, V3 (ACS3-HMAC-SHA256): https://help.aliyun.com/zh/sdk/product-overview/v3-request-structure-and-signature
Tencent Cloud, TC3-HMAC-SHA256: https://cloud.tencent.com/document/api/382/52072
Both hash a canonical request (method, path, sorted query, the signed headers, the body's SHA-256)
and sign it with the secret; the server recomputes it from what arrived.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Mapping
from urllib.parse import quote

_ACS3 = re.compile(r"^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]{64})$")
_TC3 = re.compile(r"^TC3-HMAC-SHA256 Credential=([^/]+)/(\d{4}-\d{2}-\d{2})/([a-z0-9]+)/tc3_request, "
                  r"SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$")


class SignatureRejected(Exception):
    """The request's signature does not hold; ``code`` is the provider's error code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _canonical_query(query: Mapping[str, str]) -> str:
    return "&".join(f"{k}={quote(query[k], safe='~')}" for k in sorted(query))


def verify_acs3(*, method: str, path: str, query: Mapping[str, str], headers: Mapping[str, str], body: bytes,
                secrets: Mapping[str, str]) -> str:
    """The access key id of a correctly signed Aliyun V3 request (``headers`` lower-cased)."""
    found = _ACS3.match(headers.get("authorization", ""))
    if found is None:
        raise SignatureRejected("IncompleteSignature", "The request signature does not conform to Aliyun standards.")
    key_id, signed, signature = found.groups()
    if key_id not in secrets:
        raise SignatureRejected("InvalidAccessKeyId.NotFound", "Specified access key is not found.")
    if headers.get("x-acs-content-sha256") != _sha256(body):
        raise SignatureRejected("SignatureDoesNotMatch", "x-acs-content-sha256 does not match the body.")
    names = signed.split(";")
    if "host" not in names or "x-acs-date" not in names or any(n not in headers for n in names):
        raise SignatureRejected("IncompleteSignature", "host and x-acs-* headers must be signed.")
    canonical_headers = "".join(f"{n}:{headers[n].strip()}\n" for n in names)
    canonical = "\n".join([method, path or "/", _canonical_query(query), canonical_headers, signed,
                           headers["x-acs-content-sha256"]])
    to_sign = f"ACS3-HMAC-SHA256\n{_sha256(canonical.encode())}"
    expected = hmac.new(secrets[key_id].encode(), to_sign.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, signature):
        raise SignatureRejected("SignatureDoesNotMatch", "Specified signature does not match our calculation.")
    return key_id


def tc3_signature(*, secret: str, date: str, service: str, timestamp: str, canonical_request: str) -> str:
    """Tencent Cloud's derived-key signature of a canonical request."""
    def sign(key: bytes, msg: str) -> bytes:
        return hmac.new(key, msg.encode(), hashlib.sha256).digest()
    scope = f"{date}/{service}/tc3_request"
    to_sign = f"TC3-HMAC-SHA256\n{timestamp}\n{scope}\n{_sha256(canonical_request.encode())}"
    key = sign(sign(sign(("TC3" + secret).encode(), date), service), "tc3_request")
    return hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()


def verify_tc3(*, method: str, path: str, query: str, headers: Mapping[str, str], body: bytes,
               secrets: Mapping[str, str], service: str = "sms") -> str:
    """The SecretId of a correctly signed Tencent Cloud API 3.0 request (``headers`` lower-cased)."""
    found = _TC3.match(headers.get("authorization", ""))
    if found is None:
        raise SignatureRejected("AuthFailure.SignatureFailure", "The Authorization header is malformed.")
    key_id, date, scope_service, signed, signature = found.groups()
    if key_id not in secrets:
        raise SignatureRejected("AuthFailure.SecretIdNotFound", "The SecretId is not found.")
    if scope_service != service:
        raise SignatureRejected("AuthFailure.SignatureFailure", f"The credential scope names {scope_service}.")
    names = signed.split(";")
    if "content-type" not in names or "host" not in names or any(n not in headers for n in names):
        raise SignatureRejected("AuthFailure.SignatureFailure", "content-type and host must be signed.")
    canonical_headers = "".join(f"{n}:{headers[n].strip().lower() if n == 'content-type' else headers[n]}\n"
                                for n in names)
    canonical = "\n".join([method, path or "/", query, canonical_headers, signed, _sha256(body)])
    expected = tc3_signature(secret=secrets[key_id], date=date, service=service,
                             timestamp=headers.get("x-tc-timestamp", ""), canonical_request=canonical)
    if not hmac.compare_digest(expected, signature):
        raise SignatureRejected("AuthFailure.SignatureFailure", "The provided credentials could not be validated.")
    return key_id
