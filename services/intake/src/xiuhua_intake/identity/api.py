"""HTTP routes of identity: phone + code login, tokens, who the caller is."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/intake/v1")
