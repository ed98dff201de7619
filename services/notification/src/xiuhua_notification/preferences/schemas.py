"""What the preferences API takes and gives."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class PreferencesRead(BaseModel):
    sms: bool = Field(description="accept SMS")
    push: bool = Field(description="accept app pushes")
    muted: list[str] = Field(description="issues the person hears nothing more of")
    digest: bool = Field(default=False, description="the estate's evening progress digest by SMS (每日进展)")


class PreferencesWrite(BaseModel):
    """Channels a person accepts; when they refuse every channel a message was meant for, another
    one they accept carries it."""

    model_config = ConfigDict(extra="forbid")

    sms: bool
    push: bool
    digest: bool = Field(default=False, description="subscribe to the estate's evening progress digest by SMS "
                                                     "(a resident or member of an estate)")
