"""Use cases of a community's wording: list, preview, change, restore — every change checked by
the sandboxed engine (only the message's own parameters) before it is kept."""

from __future__ import annotations

from dataclasses import asdict

from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_auth import Principal
from xiuhua_events import clock
from xiuhua_notification import access
from xiuhua_notification.domain.templates import SMS_SEGMENT
from xiuhua_notification.templates import engine, store
from xiuhua_notification.templates.catalogue import DEFINITIONS, Definition, Wording, sample, with_override
from xiuhua_notification.templates.render import render_wording
from xiuhua_notification.templates.schemas import (
    GroupPreview,
    Preview,
    PreviewRequest,
    PushPreview,
    SmsPreview,
    TemplatePage,
    TemplateRead,
    TemplateSaved,
    WordingBody,
)
from xiuhua_runtime import NotFound, Unprocessable

GROUP_BYTES = 4096  # WeCom group robot markdown limit (https://developer.work.weixin.qq.com/document/path/91770)
FIELDS = ("sms", "push_title", "push_body", "deep_link", "group")


async def list_templates(*, db: AsyncDatabase, community: str, actor: Principal) -> TemplatePage:
    """Every message the community may reword, with its current and default wording."""
    await access.check(db, actor, community, edit=False)
    overrides = await store.overrides(db, community)
    return TemplatePage(items=[_read(d, overrides.get(d.id)) for d in DEFINITIONS.values()])


async def save_template(*, db: AsyncDatabase, community: str, template_id: str, cmd: WordingBody,
                        actor: Principal) -> TemplateSaved:
    """Reword one message (staff, the subdistrict's admin): 422 if it cannot be rendered safely."""
    await access.check(db, actor, community, edit=True)
    definition = _definition(template_id)
    wording = Wording(**cmd.model_dump())
    warnings = _check(definition, wording, sample(definition))
    await store.save(db, community=community, template_id=template_id, wording=asdict(wording), by=actor.sub,
                     at=clock.now())
    return TemplateSaved(**_read(definition, asdict(wording)).model_dump(), warnings=warnings)


async def reset_template(*, db: AsyncDatabase, community: str, template_id: str, actor: Principal) -> TemplateRead:
    """Back to the platform's wording."""
    await access.check(db, actor, community, edit=True)
    definition = _definition(template_id)
    await store.reset(db, community=community, template_id=template_id)
    return _read(definition, None)


async def preview(*, db: AsyncDatabase, community: str, template_id: str, cmd: PreviewRequest,
                  actor: Principal) -> Preview:
    """Render a draft (or the saved wording) with sample parameters, as each channel would send it."""
    await access.check(db, actor, community, edit=False)
    definition = _definition(template_id)
    wording = (Wording(**cmd.wording.model_dump()) if cmd.wording else
               with_override(definition, (await store.overrides(db, community)).get(template_id)))
    params = {**sample(definition), **{k: v[:500] for k, v in cmd.params.items() if k in definition.allowed}}
    warnings = _check(definition, wording, params)
    sms = render_wording(definition, wording, "sms", params)
    push = render_wording(definition, wording, "push", params)
    group = render_wording(definition, wording, "group", params) if wording.group.strip() else None
    return Preview(sms=SmsPreview(text=sms.text, chars=len(sms.text), segments=segments(sms.text),
                                  provider_template=sms.provider_template or None, params=sms.params),
                   push=PushPreview(title=push.title, body=push.text, deep_link=push.deep_link),
                   group=GroupPreview(text=group.text, bytes=len(group.text.encode())) if group else None,
                   warnings=warnings)


def segments(text: str) -> int:
    """SMS segments of a UCS-2 text: one of 70 characters, else 67 each."""
    return 1 if len(text) <= SMS_SEGMENT else -(-len(text) // 67)


def _check(definition: Definition, wording: Wording, params: dict[str, str]) -> list[str]:
    """422 for what cannot be rendered; warnings for what is unwise (too long, no signature)."""
    try:
        for field in FIELDS:
            engine.check(field, getattr(wording, field), definition.allowed)
        sms = render_wording(definition, wording, "sms", params)
        link = engine.render(wording.deep_link, params, "deep_link") if wording.deep_link else ""
    except engine.TemplateInvalid as exc:
        raise Unprocessable(exc.message, code="invalid_template", details=[{"field": exc.field}]) from None
    if link and not link.startswith(("http://", "https://", "/")):
        raise Unprocessable("跳转链接必须以 http://、https:// 或 / 开头", code="invalid_template",
                            details=[{"field": "deep_link"}])
    warnings = []
    static = len(engine.render(wording.sms, {k: "" for k in definition.allowed}, "sms"))
    if static > definition.sms_limit:
        warnings.append(f"短信固定文字已有{static}字，超过{definition.sms_limit}字，将按多条计费")
    elif len(sms.text) > definition.sms_limit:
        warnings.append(f"示例短信{len(sms.text)}字，超过{definition.sms_limit}字；发送时会缩短标题等文字")
    if not sms.text.startswith("【"):
        warnings.append("短信应以【签名】开头，否则运营商会拒发")
    if wording.group.strip():
        size = len(render_wording(definition, wording, "group", params).text.encode())
        if size > GROUP_BYTES:
            warnings.append(f"群消息{size}字节，超过企业微信 4096 字节上限")
    return warnings


def _definition(template_id: str) -> Definition:
    definition = DEFINITIONS.get(template_id)
    if definition is None:
        raise NotFound("找不到该消息模板", code="template_not_found")
    return definition


def _read(definition: Definition, override: dict | None) -> TemplateRead:
    return TemplateRead(id=definition.id, label=definition.label, audience=definition.audience,
                        params=list(definition.allowed), sample=sample(definition), sms_limit=definition.sms_limit,
                        customized=override is not None,
                        wording=WordingBody(**asdict(with_override(definition, override))),
                        default=WordingBody(**asdict(definition.default)))
