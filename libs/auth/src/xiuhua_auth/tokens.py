"""JSON Web Tokens: HS256 with a shared secret locally, RS256 against a JWKS in production."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import jwt
from pydantic import ValidationError

from xiuhua_auth.keys import require_strong
from xiuhua_auth.principal import Principal

# What the platform's own tokens carry as `iss` and `aud` (RFC 7519 §4.1.1, §4.1.3); tokens from an
# outside identity provider carry its own, set with JWT_ISSUER and JWT_AUDIENCE.
ISSUER = "xiuhua"
AUDIENCE = "xiuhua"


class TokenError(Exception):
    """The token is missing, malformed, expired or not signed by a key we trust."""


class Authenticator:
    def __init__(self, *, secret: str | None = None, algorithm: str = "HS256",
                 jwks_url: str | None = None, leeway_seconds: int = 30,
                 issuer: str = ISSUER, audience: str = AUDIENCE) -> None:
        if algorithm.startswith("HS"):
            require_strong("JWT_SECRET", secret)  # a known or short key lets anybody sign an admin token
        if algorithm.startswith("RS") and not jwks_url:
            raise ValueError("JWT_JWKS_URL is required for RS* algorithms")
        self.secret, self.algorithm, self.leeway = secret, algorithm, leeway_seconds
        self.issuer, self.audience = issuer, audience
        self._jwks = jwt.PyJWKClient(jwks_url, cache_keys=True) if jwks_url else None

    def decode(self, token: str) -> Principal:
        try:
            key = self._jwks.get_signing_key_from_jwt(token).key if self._jwks else self.secret
            claims = jwt.decode(token, key, algorithms=[self.algorithm], leeway=self.leeway,
                                issuer=self.issuer, audience=self.audience,
                                options={"require": ["sub", "exp", "iss", "aud"]})
            return Principal.model_validate(claims)
        except (jwt.PyJWTError, ValidationError) as exc:
            raise TokenError(str(exc)) from exc

    def issue(self, principal: Principal, *, ttl: timedelta = timedelta(hours=12)) -> str:
        """Mint a token (local HS256 stacks only: with RS256 the identity provider mints them)."""
        if not self.algorithm.startswith("HS"):
            raise TokenError("tokens are minted by the identity provider when RS256 is used")
        now = datetime.now(UTC)
        claims = principal.model_dump(exclude_none=True) | {"iss": self.issuer, "aud": self.audience,
                                                            "iat": now, "exp": now + ttl}
        return jwt.encode(claims, self.secret, algorithm=self.algorithm)
