"""The data model as JSON-ready values and back, guided by the dataclasses' own annotations.

Caches and workers store what the pipeline produced, not what a renderer shows
(renderers round numbers and leave fields out), so a round trip gives an equal
object and a new field travels without anyone writing code for it.
"""

from __future__ import annotations

import types
from dataclasses import asdict, fields, is_dataclass
from functools import cache
from typing import Any, Literal, TypeVar, Union, get_args, get_origin, get_type_hints

T = TypeVar("T")


def encode(obj: Any) -> Any:
    """A dataclass as nested dicts and lists of JSON values."""
    return asdict(obj)


def decode(cls: type[T], data: Any) -> T:
    """The ``cls`` instance that :func:`encode` turned into ``data``."""
    value: T = _decode(cls, data)
    return value


@cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def _decode(tp: Any, data: Any) -> Any:
    if is_dataclass(tp) and isinstance(tp, type):
        hints = _hints(tp)
        return tp(**{f.name: _decode(hints[f.name], data[f.name]) for f in fields(tp) if f.init})
    origin, args = get_origin(tp), get_args(tp)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], item) for item in data)
        return tuple(_decode(a, item) for a, item in zip(args, data, strict=True))
    if origin in (Union, types.UnionType):
        if data is None and type(None) in args:
            return None
        if all(a in (str, int, float, bool) for a in args):
            return data  # a JSON scalar of any of these types, kept as stored
        (inner,) = (a for a in args if a is not type(None))
        return _decode(inner, data)
    if origin is Literal or tp in (str, int, float, bool):
        return data  # as stored: JSON keeps 1 and 1.0 apart, so renderings stay the same
    raise TypeError(f"cannot decode {tp!r}")
