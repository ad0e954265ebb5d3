"""The one rule for choosing a text by language.

Labels, definitions and other texts may exist in several languages. Given a preferred
language, spasmgraph picks, in this order: a text in exactly that language; one in a
regional variant of it (``en-GB`` for ``en``); English; a regional English; an untagged
text; then any other language, alphabetically by tag. Among equals, the alphabetically
first text wins, so the choice never depends on the store's order.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["DEFAULT_LANG", "language_rank", "pick", "pick_all"]

DEFAULT_LANG = "en"
"""The language spasmgraph prefers when none is asked for."""


def language_rank(tag: str, lang: str = DEFAULT_LANG) -> tuple[int, str]:
    """Sort key of a language *tag* (``""`` for none) when *lang* is preferred.

    >>> sorted(["", "de", "en", "es", "en-GB"], key=lambda t: language_rank(t, "es"))
    ['es', 'en', 'en-GB', '', 'de']
    """
    tag = tag.lower()
    lang = lang.lower()
    if tag == lang:
        return (0, "")
    if tag.startswith(lang + "-"):
        return (1, tag)
    if tag == DEFAULT_LANG:
        return (2, "")
    if tag.startswith(DEFAULT_LANG + "-"):
        return (3, tag)
    if not tag:
        return (4, "")
    return (5, tag)


def pick(texts: Iterable[tuple[str, str]], lang: str = DEFAULT_LANG) -> str | None:
    """The text to show from (text, language tag) pairs, or ``None`` if there are none.

    >>> pick([("espasmo", "es"), ("spasm", "en"), ("Spasmus", "de")], "es")
    'espasmo'
    >>> pick([("espasmo", "es"), ("spasm", "en")], "fr")
    'spasm'
    >>> pick([("plain", ""), ("ein", "de")])
    'plain'
    """
    best: tuple[tuple[int, str], str] | None = None
    for text, tag in texts:
        candidate = (language_rank(tag, lang), text)
        if best is None or candidate < best:
            best = candidate
    return None if best is None else best[1]


def pick_all(texts: Iterable[tuple[str, str]], lang: str = DEFAULT_LANG) -> tuple[str, ...]:
    """Every text of the best language present, sorted; others only when none is better.

    Texts in an unrelated language (neither *lang*, English nor untagged) are never
    given, so an English reader does not see Spanish synonyms.

    >>> pick_all([("espasmo", "es"), ("tirón", "es"), ("spasm", "en")], "es")
    ('espasmo', 'tirón')
    >>> pick_all([("spasm", "en")], "es"), pick_all([("espasmo", "es")], "en")
    (('spasm',), ())
    """
    ranked = [(language_rank(tag, lang), text) for text, tag in texts]
    if not ranked:
        return ()
    best = min(rank for rank, _ in ranked)
    if best[0] > 4:
        return ()
    return tuple(sorted({text for rank, text in ranked if rank == best}, key=str.casefold))
