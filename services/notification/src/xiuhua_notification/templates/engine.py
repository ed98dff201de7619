"""The sandboxed template engine: Jinja2's ``SandboxedEnvironment`` with nothing in scope but the
message's own named parameters (strings), so that a template a community edits can never reach
another resident's data, the service's objects or Python itself.

https://jinja.palletsprojects.com/en/stable/sandbox/
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from functools import lru_cache

from jinja2 import StrictUndefined, Template, TemplateError, meta, nodes
from jinja2.sandbox import SandboxedEnvironment

MAX_SOURCE = 2000  # characters of one template field

_ENV = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False,
                            trim_blocks=True, lstrip_blocks=True)
_ENV.globals.clear()  # no range(), dict(), lipsum(), cycler()… only the parameters
# Statements that would reach outside the message: other templates, macros, imports.
_FORBIDDEN = (nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport, nodes.Macro, nodes.CallBlock)


class TemplateInvalid(ValueError):
    """A template that cannot be used, with what is wrong (Chinese, shown to staff)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field, self.message = field, message


def check(field: str, source: str, allowed: Collection[str]) -> frozenset[str]:
    """Parse ``source``; the parameters it uses, or ``TemplateInvalid``."""
    if len(source) > MAX_SOURCE:
        raise TemplateInvalid(field, f"模板过长（最多{MAX_SOURCE}字）")
    try:
        tree = _ENV.parse(source)
    except TemplateError as exc:
        line = getattr(exc, "lineno", None)
        raise TemplateInvalid(field, f"模板语法错误{f'（第{line}行）' if line else ''}：{exc}") from None
    if any(True for kind in _FORBIDDEN for _ in tree.find_all(kind)):
        raise TemplateInvalid(field, "模板不能引用其他模板或定义宏")
    used = frozenset(meta.find_undeclared_variables(tree))
    unknown = sorted(used - set(allowed))
    if unknown:
        raise TemplateInvalid(field, f"未知参数：{'、'.join(unknown)}；可用参数：{'、'.join(sorted(allowed))}")
    return used


@lru_cache(maxsize=1024)
def _compiled(source: str) -> Template:
    return _ENV.from_string(source)


def render(source: str, params: Mapping[str, str], field: str = "text") -> str:
    """Render ``source`` with ``params`` only (every value a string)."""
    try:
        return _compiled(source).render({k: str(v) for k, v in params.items()}).strip()
    except TemplateError as exc:  # a sandbox violation, a missing parameter
        raise TemplateInvalid(field, f"模板无法生成：{exc}") from None


@lru_cache(maxsize=1024)
def used(source: str) -> frozenset[str]:
    """The parameters a (checked) template uses."""
    return frozenset(meta.find_undeclared_variables(_ENV.parse(source)))
