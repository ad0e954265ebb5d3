"""Argument checks for the public API: wrong types become typed, explained errors.

Each check returns the value (narrowed) or raises
:class:`~spasmgraph.errors.InvalidArgumentError`, which is also a ``TypeError``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .errors import InvalidArgumentError

__all__ = ["lang_tag", "number_or_none", "positive_int", "strings_or_none", "text"]


def _kind(value: object) -> str:
    return type(value).__name__


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
