"""What a template may cost: Jinja's sandbox guards what a template can reach, not how much it can
make, so the engine's environment also keeps every value it computes within ``MAX_VALUE`` (no
message is longer: a WeCom markdown post is at most 4,096 bytes) and every number within
``MAX_BITS``, before it is computed:

- operators (the sandbox's operator hooks): ``*`` and ``+`` make no text or list over
  ``MAX_VALUE``, ``**`` no number over ``MAX_BITS``, and ``%`` formats no text (``'%099999999d'``);
- calls: only text methods that cannot make much more text than they are given (``strip``,
  ``upper``, ``replace`` within ``MAX_VALUE``…), and no number argument over ``MAX_VALUE``;
- filters: only those whose result is bounded by their input (``center``, ``indent``, ``format``,
  ``wordwrap``, ``map``… are left out), each result checked again.

Jinja's ``~`` cannot be intercepted; it stays linear because nothing may bind a value to use it
again (``set``, ``with``, ``for``: see ``engine``). https://jinja.palletsprojects.com/en/stable/sandbox/
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from jinja2 import StrictUndefined
from jinja2.defaults import DEFAULT_FILTERS
from jinja2.exceptions import SecurityError
from jinja2.nodes import EvalContext
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment

MAX_VALUE = 4096  # characters (or items) of any text or list a template computes
MAX_BITS = 64     # of any number a template raises to a power

# Text methods whose result is no longer than their text (or, for ``replace``, checked beforehand).
TEXT_METHODS = frozenset({
    "strip", "lstrip", "rstrip", "upper", "lower", "title", "capitalize", "casefold", "swapcase",
    "startswith", "endswith", "removeprefix", "removesuffix", "replace", "split", "rsplit", "splitlines",
    "partition", "rpartition", "count", "find", "rfind", "isdigit", "isalpha", "isalnum", "isspace",
    "isnumeric", "isdecimal", "islower", "isupper", "istitle",
})
# Filters whose result is bounded by their input; ``replace`` and ``join`` are checked beforehand.
FILTERS = ("abs", "capitalize", "count", "d", "default", "first", "float", "int", "last", "length", "list",
           "lower", "reverse", "round", "string", "striptags", "title", "trim", "truncate", "upper", "urlencode",
           "wordcount", "replace", "join")


class TooCostly(SecurityError):
    """A template that would compute too much (the message is Chinese, shown to staff)."""


def size(value: Any) -> int:
    """How big a value is: characters of a text, items (and their sizes) of a list or tuple."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, list | tuple):
        return len(value) + sum(size(v) for v in value)
    if isinstance(value, dict):
        return len(value) + sum(size(k) + size(v) for k, v in value.items())
    return 1


def bounded(value: Any) -> Any:
    if size(value) > MAX_VALUE:
        raise TooCostly(f"模板生成的文字过长（超过{MAX_VALUE}字）")
    return value


def _repeat(left: Any, right: Any) -> None:
    for seq, times in ((left, right), (right, left)):
        if isinstance(seq, str | list | tuple) and isinstance(times, int) and size(seq) * max(times, 0) > MAX_VALUE:
            raise TooCostly(f"模板不能把文字重复这么多次（最多{MAX_VALUE}字）")


def _power(left: Any, right: Any) -> None:
    if isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1 \
            and abs(left).bit_length() * right > MAX_BITS:
        raise TooCostly("模板中的乘方过大")


def _replaced(text: str, old: Any = "", new: Any = "", count: Any = -1) -> None:
    """``text.replace(old, new)`` stays within ``MAX_VALUE`` (an empty ``old`` matches everywhere)."""
    if isinstance(old, str) and isinstance(new, str):
        times = text.count(old)
        times = min(times, count) if isinstance(count, int) and count >= 0 else times
        if len(text) + times * (len(new) - len(old)) > MAX_VALUE:
            raise TooCostly(f"模板生成的文字过长（超过{MAX_VALUE}字）")


def _bounded_filter(name: str, f: Callable) -> Callable:
    @functools.wraps(f)
    def run(*args: Any, **kwargs: Any) -> Any:
        values = [a for a in args if not isinstance(a, Context | EvalContext | SandboxedEnvironment)]
        if name == "replace" and len(values) >= 3 and isinstance(values[0], str):
            _replaced(*values[:4])
        if name == "join" and values:
            items = list(values[0]) if isinstance(values[0], str | list | tuple) else []
            sep = values[1] if len(values) > 1 and isinstance(values[1], str) else kwargs.get("d", "")
            if sum(size(str(i)) for i in items) + len(sep) * max(len(items) - 1, 0) > MAX_VALUE:
                raise TooCostly(f"模板生成的文字过长（超过{MAX_VALUE}字）")
        return bounded(f(*args, **kwargs))
    return run


class BoundedSandbox(SandboxedEnvironment):
    """The sandbox with its operators, calls and filters bounded (see the module's docstring)."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self) -> None:
        super().__init__(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False,
                         trim_blocks=True, lstrip_blocks=True)
        self.globals.clear()  # no range(), dict(), lipsum(), cycler()… only the parameters
        self.filters = {name: _bounded_filter(name, DEFAULT_FILTERS[name]) for name in FILTERS}

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            _repeat(left, right)
        elif operator == "**":
            _power(left, right)
        elif operator == "%" and isinstance(left, str):
            raise TooCostly("模板不能用 % 格式化文字")
        elif operator == "+" and isinstance(left, str | list | tuple) and isinstance(right, str | list | tuple):
            bounded([left, right])
        return self.binop_table[operator](left, right)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        owner, name = getattr(__obj, "__self__", None), getattr(__obj, "__name__", type(__obj).__name__)
        if not isinstance(owner, str) or name not in TEXT_METHODS:
            raise TooCostly(f"模板不能调用 {name}")
        if any(isinstance(a, int) and abs(a) > MAX_VALUE for a in (*args, *kwargs.values())):
            raise TooCostly(f"模板中的数字过大（最多{MAX_VALUE}）")
        if name == "replace":
            _replaced(owner, *args, **kwargs)
        return bounded(super().call(__context, __obj, *args, **kwargs))
