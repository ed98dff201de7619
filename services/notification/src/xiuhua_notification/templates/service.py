"""Use cases of a community's wording: list, preview, change, restore — every change checked by
the sandboxed engine (only the message's own parameters) before it is kept."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_auth import Principal
from xiuhua_events import clock
from xiuhua_notification.rules import access
from xiuhua_notification.templates import engine, store
from xiuhua_notification.templates.catalogue import DEFINITIONS, Definition, Wording, sample, with_override
from xiuhua_notification.templates.domain import SMS_SEGMENT
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
# The longest each field may come out (a 422 beyond): an SMS of at most 500 characters with its
# signature (Aliyun's and Tencent's limit), an app push within JPush's 4,000-byte payload, a group
# post within WeCom's 4,096-byte markdown (bytes, for the group).
LIMITS = {"sms": 500, "push_title": 100, "push_body": 1000, "deep_link": 500, "group": GROUP_BYTES}
RENDER_SECONDS = 2.0  # a check or preview that takes longer is refused (a bounded one takes milliseconds)
_RENDERS = ThreadPoolExecutor(max_workers=2, thread_name_prefix="template-render")


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
    warnings = await _off_loop(_check, definition, wording, sample(definition))
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
    return await _off_loop(_preview, definition, wording, params)


def _preview(definition: Definition, wording: Wording, params: dict[str, str], at: dict[str, str]) -> Preview:
    warnings = _check(definition, wording, params, at)
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


async def _off_loop(work: Callable[..., Any], *args: Any) -> Any:
    """Run a check or preview in a thread of its own, within ``RENDER_SECONDS``, so that the event
    loop keeps serving meanwhile. A thread cannot be stopped: the engine's bounds make it end soon."""
    at = {"field": FIELDS[0]}  # the field being rendered, to name in a refusal
    future = asyncio.get_running_loop().run_in_executor(_RENDERS, functools.partial(work, *args, at))
    try:
        return await asyncio.wait_for(future, RENDER_SECONDS)
    except TimeoutError:
        raise Unprocessable("模板生成超时，请简化模板", code="invalid_template",
                            details=[{"field": at["field"]}]) from None


def _check(definition: Definition, wording: Wording, params: dict[str, str], at: dict[str, str]) -> list[str]:
    """422 for what cannot be rendered or comes out too long; warnings for what is unwise (over
    one segment, no signature)."""
    try:
        for field in FIELDS:
            at["field"] = field
            engine.check(field, getattr(wording, field), definition.allowed)
        at["field"] = "sms"
        sms = render_wording(definition, wording, "sms", params)
        at["field"] = "push_body"
        push = render_wording(definition, wording, "push", params)
        at["field"] = "push_title"
        title = engine.render(wording.push_title, params, "push_title")
        at["field"] = "deep_link"
        link = engine.render(wording.deep_link, params, "deep_link") if wording.deep_link else ""
        at["field"] = "group"
        group = render_wording(definition, wording, "group", params).text if wording.group.strip() else ""
        at["field"] = "sms"
        static = len(engine.render(wording.sms, {k: "" for k in definition.allowed}, "sms"))
    except engine.TemplateInvalid as exc:
        raise Unprocessable(exc.message, code="invalid_template", details=[{"field": exc.field}]) from None
    for field, size, unit in (("sms", len(sms.text), "字"), ("push_title", len(title), "字"),
                              ("push_body", len(push.text), "字"), ("deep_link", len(link), "字"),
                              ("group", len(group.encode()), "字节")):
        if size > LIMITS[field]:
            raise Unprocessable(f"生成的内容有{size}{unit}，超过上限{LIMITS[field]}{unit}", code="invalid_template",
                                details=[{"field": field}])
    if link and not link.startswith(("http://", "https://", "/")):
        raise Unprocessable("跳转链接必须以 http://、https:// 或 / 开头", code="invalid_template",
                            details=[{"field": "deep_link"}])
    warnings = []
    if static > definition.sms_limit:
        warnings.append(f"短信固定文字已有{static}字，超过{definition.sms_limit}字，将按多条计费")
    elif len(sms.text) > definition.sms_limit:
        warnings.append(f"示例短信{len(sms.text)}字，超过{definition.sms_limit}字；发送时会缩短标题等文字")
    if not sms.text.startswith("【"):
        warnings.append("短信应以【签名】开头，否则运营商会拒发")
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
