"""spasmgraph's hot-path CURIE converter agrees with the curies library, IRI for IRI.

`spasmgraph.index.Curies` shortens millions of IRIs while an index is built; the curies
library (used for the SSSOM mappings) costs about 140 ms to import and about 3.7x the time
per IRI, which the cold-start budget cannot take. Both read the one prefix map,
:data:`spasmgraph.vocab.PREFIXES`, and this test holds them to the same answers.
"""

from __future__ import annotations

import curies
import pytest
from rdflib import URIRef

import spasmgraph as sg
from spasmgraph.index import Curies
from spasmgraph.vocab import PREFIXES


@pytest.fixture(scope="module")
def iris() -> list[str]:
    kg = sg.load(store="memory")
    found = {str(t) for triple in kg.graph for t in triple if isinstance(t, URIRef)}
    found |= {ns + "x" for ns in PREFIXES.values()} | {"https://example.org/unknown"}
    return sorted(found)


def test_shorten_matches_curies(iris: list[str]) -> None:
    library = curies.Converter.from_prefix_map(PREFIXES)
    mine = Curies(PREFIXES.items())
    assert [mine.shorten(i) for i in iris] == [library.compress(i, passthrough=True) for i in iris]


def test_expand_matches_curies(iris: list[str]) -> None:
    library = curies.Converter.from_prefix_map(PREFIXES)
    mine = Curies(PREFIXES.items())
    short = [mine.shorten(i) for i in iris if mine.shorten(i) != i]
    assert short
    assert [mine.expand(c) for c in short] == [library.expand(c) for c in short]
    assert mine.expand("nope:x") is library.expand("nope:x") is None
