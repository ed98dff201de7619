"""Use cases of the rule table: read it, change it, go back to the platform's defaults."""

from __future__ import annotations

from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_auth import Principal
from xiuhua_events import clock
from xiuhua_notification.rules import access, store
from xiuhua_notification.rules.schemas import RuleRow, RuleRowRead, RuleTableRead, RuleTableWrite
from xiuhua_notification.rules.table import (
    CHANNEL_LABELS,
    DEFAULTS,
    KINDS,
    RECIPIENT_LABELS,
    Rule,
    RuleInvalid,
    Table,
    validate,
)
from xiuhua_runtime import Unprocessable


async def get_rules(*, db: AsyncDatabase, community: str, actor: Principal) -> RuleTableRead:
    """The community's table (its changes over the defaults)."""
    await access.check(db, actor, community, edit=False)
    table, doc = await store.load(db, community)
    return _read(community, table, customized=doc is not None)


async def put_rules(*, db: AsyncDatabase, community: str, cmd: RuleTableWrite, actor: Principal) -> RuleTableRead:
    """Replace the community's table (staff, the subdistrict's admin)."""
    await access.check(db, actor, community, edit=True)
    rows = {r.kind: Rule({k: tuple(v) for k, v in r.recipients.items()}, r.group) for r in cmd.kinds}
    if len(rows) != len(cmd.kinds):
        raise Unprocessable("同一事件类型出现了多次", code="duplicate_kind")
    try:
        table = validate(rows)
    except RuleInvalid as exc:
        raise Unprocessable(exc.message, code="invalid_rule", details=[{"field": exc.field}]) from None
    await store.save(db, community, table, by=actor.sub, at=clock.now())
    return _read(community, table, customized=True)


async def reset_rules(*, db: AsyncDatabase, community: str, actor: Principal) -> RuleTableRead:
    """Back to the platform's defaults."""
    await access.check(db, actor, community, edit=True)
    await store.reset(db, community)
    return _read(community, dict(DEFAULTS), customized=False)


def _row(kind: str, rule: Rule) -> RuleRow:
    return RuleRow(kind=kind, recipients={r: list(c) for r, c in rule.recipients.items()}, group=rule.group)


def _read(community: str, table: Table, *, customized: bool) -> RuleTableRead:
    kinds = [RuleRowRead(**_row(key, table[key]).model_dump(), label=kind.label, allowed=list(kind.allowed),
                         group_allowed=kind.group_allowed, default=_row(key, DEFAULTS[key]))
             for key, kind in KINDS.items()]
    return RuleTableRead(community=community, customized=customized, kinds=kinds,
                         recipient_labels=RECIPIENT_LABELS, channel_labels=CHANNEL_LABELS)
