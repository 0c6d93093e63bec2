"""Help and usage errors in the usual typer style, whatever typer version renders them.

Recent typer versions label types as ``<path>``, ``<list[Path]>`` or ``<bool>``
and write required arguments as ``{source}``; the commands here show the
familiar ``PATH``, ``TEXT``, ``[a|b]``, no label for a flag, and ``SOURCE
TARGET``. Usage errors become one line, like every other error of the tool.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from enum import Enum
from typing import TYPE_CHECKING, Any, TypeVar

import typer
import typer.core

E = TypeVar("E", bound=Enum)

_LABELS = {
    "path": "PATH",
    "str": "TEXT",
    "int": "INTEGER",
    "float": "FLOAT",
    "int range": "INTEGER RANGE",
    "float range": "FLOAT RANGE",
}


def _label(param: Any, shown: Callable[[Any], str | None], ctx: Any) -> str | None:
    """``PATH`` for ``<path>``, ``[a|b]`` for ``<a|b>``, nothing for a flag."""
    if getattr(param, "is_flag", False):
        return ""
    text = shown(ctx)
    if not text or param.metavar is not None:
        return text
    inner = re.sub(r"^<(?:list\[)?|\]?>$", "", text).removesuffix("...")
    if "|" in inner:
        return f"[{inner}]"
    return _LABELS.get(inner.casefold(), inner.upper())


def _restyle(params: list[Any]) -> None:
    for param in params:
        shown = getattr(param, "display_type_rich", None)
        if shown is not None and hasattr(param, "type_descriptor"):
            param.display_type_rich = lambda ctx, p=param, s=shown: _label(p, s, ctx)


# The mixin sits in front of a typer command class; type checkers see that class as its base.
if TYPE_CHECKING:
    _Base = typer.core.TyperCommand
else:
    _Base = object


class _Restyled(_Base):
    """Flags without a label and types in capitals, on the command's options and its help."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _restyle(self.params)

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        if option is not None:
            _restyle([option])
        return option


class Command(_Restyled, typer.core.TyperCommand):
    """A command whose help reads ``SOURCE TARGET`` and ``PATH``, not ``{source}``, ``<path>``."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        """Arguments upper case, required ones bare: ``SOURCE TARGET``, ``[PATHS]...``."""
        pieces = super().collect_usage_pieces(ctx)
        return [re.sub(r"^\{(\w+)\}", r"\1", p).upper() if p != "[OPTIONS]" else p for p in pieces]


class Group(_Restyled, typer.core.TyperGroup):
    """The root command and ``models``, with the same option display as :class:`Command`."""


def choice(enum: type[E]) -> Callable[[Any], E]:
    """A parser that names the allowed values when a value is not one of them."""
    values = [member.value for member in enum]
    allowed = ", ".join(values[:-1]) + f" or {values[-1]}" if len(values) > 1 else values[0]

    def parse(value: Any) -> E:
        if isinstance(value, enum):
            return value
        try:
            return enum(value)
        except ValueError:
            raise typer.BadParameter(f"{value!r} (choose {allowed})") from None

    return parse


def usage_message(exc: Exception) -> str:
    """A usage error as one line: what was wrong, and where the help is.

    Empty when the parser printed the help instead (a command given no arguments).
    """
    format_message = getattr(exc, "format_message", None)
    text = format_message() if format_message else str(exc)
    if not text:
        return ""
    if text.startswith("Invalid value for "):
        head, colon, rest = text.partition(": ")
        text = head.replace("'", "") + colon + rest
    text = text[:1].lower() + text[1:]
    if isinstance(exc, typer.BadParameter) and "(choose " in text:
        return text
    ctx = getattr(exc, "ctx", None)
    where = ctx.command_path if ctx is not None else "translate-check"
    # click may end on a question ("Did you mean 'verify'?"): a new sentence, then.
    text = " ".join(text.split())
    if text.endswith("?"):
        return f"{text} See '{where} --help'"
    return f"{text.rstrip('.')}; see '{where} --help'"
