"""What the preferences API takes and gives."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class PreferencesRead(BaseModel):
    sms: bool = Field(description="accept SMS")
    push: bool = Field(description="accept app pushes")
    muted: list[str] = Field(description="issues the person hears nothing more of")


class PreferencesWrite(BaseModel):
    """Channels a person accepts; when they refuse every channel a message was meant for, another
    one they accept carries it."""

    model_config = ConfigDict(extra="forbid")

    sms: bool
    push: bool
