"""Argument checks for the public API: wrong types become typed, explained errors.

Each check returns the value (narrowed) or raises
:class:`~spasmgraph.errors.InvalidArgumentError`, which is also a ``TypeError``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeVar

from .errors import InvalidArgumentError

_T = TypeVar("_T")

__all__ = [
    "items",
    "lang_tag",
    "number_or_none",
    "positive_int",
    "rows",
    "string_map",
    "strings_or_none",
    "text",
]


def _kind(value: object) -> str:
    return type(value).__name__


def _kind_name(kind: type | tuple[type, ...]) -> str:
    return kind.__name__ if isinstance(kind, type) else "|".join(t.__name__ for t in kind)


def text(value: Any, name: str) -> str:
    """*value* if it is a string.

    >>> text("ibuprofen", "ref")
    'ibuprofen'
    >>> text(42, "ref")
    Traceback (most recent call last):
    ...
    spasmgraph.errors.InvalidArgumentError: ref must be a string, not int
    """
    if not isinstance(value, str):
        raise InvalidArgumentError(f"{name} must be a string, not {_kind(value)}")
    return value


def positive_int(value: Any, name: str) -> int:
    """*value* if it is a whole number of at least 1 (``True``/``False`` are refused).

    >>> positive_int(3, "limit")
    3
    >>> positive_int(0, "limit")
    Traceback (most recent call last):
    ...
    spasmgraph.errors.InvalidArgumentError: limit must be a whole number of at least 1, not 0
    """
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        shown = repr(value) if isinstance(value, (int, float, str)) else _kind(value)
        raise InvalidArgumentError(f"{name} must be a whole number of at least 1, not {shown}")
    return value


def number_or_none(value: Any, name: str) -> float | None:
    """*value* as seconds: a non-negative number, or ``None`` for no limit.

    >>> number_or_none(2, "timeout"), number_or_none(None, "timeout")
    (2.0, None)
    """
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise InvalidArgumentError(
            f"{name} must be a number of seconds (or None for no limit), not {_kind(value)}"
        )
    return float(value)


def strings_or_none(value: Any, name: str) -> tuple[str, ...] | None:
    """*value* as a tuple of strings (a single string is one item), or ``None``.

    >>> strings_or_none("Mechanism", "via"), strings_or_none(["A", "B"], "via")
    (('Mechanism',), ('A', 'B'))
    """
    if value is None:
        return None
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, Sequence) or not all(isinstance(v, str) for v in value):
        raise InvalidArgumentError(f"{name} must be a list of names, not {_kind(value)}")
    return tuple(value)


def lang_tag(value: Any) -> str | None:
    """A language tag as given (``None`` for the default language), checked.

    >>> lang_tag(" es "), lang_tag(None)
    ('es', None)
    >>> lang_tag(7)
    Traceback (most recent call last):
    ...
    spasmgraph.errors.InvalidArgumentError: lang= takes a language tag such as 'en' or 'es', not 7
    """
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip() or " " in value.strip():
        raise InvalidArgumentError(
            f"lang= takes a language tag such as 'en' or 'es', not {value!r}"
        )
    return value.strip()


_Kind = type | tuple[type, ...]


def rows(value: Any, name: str, width: int, kinds: tuple[_Kind, ...]) -> list[tuple[Any, ...]]:
    """*value* as a list of *width*-tuples, each item an instance of its kind in *kinds*.

    >>> rows([("a", 1)], "hits", 2, (str, int))
    [('a', 1)]
    >>> rows([("a",)], "hits", 2, (str, int))
    Traceback (most recent call last):
    ...
    spasmgraph.errors.InvalidArgumentError: hits must hold rows of 2 items (str, int); row 0 is ...
    """
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        raise InvalidArgumentError(f"{name} must be an iterable of rows, not {_kind(value)}")
    found = []
    for i, row in enumerate(value):
        if (
            not isinstance(row, (tuple, list))
            or len(row) != width
            or not all(isinstance(item, kind) for item, kind in zip(row, kinds, strict=True))
        ):
            names = ", ".join(_kind_name(k) for k in kinds)
            raise InvalidArgumentError(
                f"{name} must hold rows of {width} items ({names}); row {i} is {row!r:.80}"
            )
        found.append(tuple(row))
    return found


def string_map(value: Any, name: str) -> dict[str, str]:
    """*value* as a dictionary of strings to strings.

    >>> string_map({"cause": "cold"}, "params")
    {'cause': 'cold'}
    """
    if not isinstance(value, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise InvalidArgumentError(f"{name} must map names to strings, not {_kind(value)}")
    return dict(value)


def items(value: Any, name: str, kind: type[_T]) -> list[_T]:
    """*value* as a list whose every item is a *kind*.

    >>> items(("a", "b"), "names", str)
    ['a', 'b']
    >>> items("ab", "names", str)
    Traceback (most recent call last):
    ...
    spasmgraph.errors.InvalidArgumentError: names must be a list of str, not str
    """
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        raise InvalidArgumentError(f"{name} must be a list of {kind.__name__}, not {_kind(value)}")
    found = list(value)
    for item in found:
        if not isinstance(item, kind):
            raise InvalidArgumentError(
                f"{name} must be a list of {kind.__name__}, not one holding {_kind(item)}"
            )
    return found
