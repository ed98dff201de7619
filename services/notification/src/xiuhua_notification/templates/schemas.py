"""What the templates API takes and gives."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

_TEXT = 2000


class WordingBody(BaseModel):
    """A message's wording for every channel, in the template syntax (``{{ title }}``)."""

    model_config = ConfigDict(extra="forbid")

    sms: str = Field(min_length=1, max_length=_TEXT, description="SMS text (with the 【签名】)")
    provider_template: str = Field(default="", max_length=64, pattern=r"^[A-Za-z0-9_.\-]*$",
                                   description="the provider's registered template code (e.g. SMS_123456789)")
    push_title: str = Field(min_length=1, max_length=200)
    push_body: str = Field(min_length=1, max_length=_TEXT)
    deep_link: str = Field(default="{{ link }}", max_length=500)
    group: str = Field(default="", max_length=_TEXT, description="owners' group markdown (empty: no group post)")


class TemplateRead(BaseModel):
    id: str
    label: str
    audience: str = Field(description="residents, team or property")
    params: list[str] = Field(description="the named parameters the wording may use")
    sample: dict[str, str] = Field(description="sample values used by the preview")
    sms_limit: int = Field(description="characters the SMS should fit in")
    customized: bool
    wording: WordingBody
    default: WordingBody


class TemplatePage(BaseModel):
    items: list[TemplateRead]


class PreviewRequest(BaseModel):
    """Preview a draft (or the saved wording) with sample (or given) parameters."""

    model_config = ConfigDict(extra="forbid")

    wording: WordingBody | None = None
    params: dict[str, str] = Field(default_factory=dict, max_length=20)


class SmsPreview(BaseModel):
    text: str
    chars: int
    segments: int
    provider_template: str | None
    params: dict[str, str]


class PushPreview(BaseModel):
    title: str
    body: str
    deep_link: str


class GroupPreview(BaseModel):
    text: str
    bytes: int


class Preview(BaseModel):
    sms: SmsPreview
    push: PushPreview
    group: GroupPreview | None
    warnings: list[str]


class TemplateSaved(TemplateRead):
    warnings: list[str]
