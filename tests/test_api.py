"""The public surface: exports, error hierarchy, vocabulary constants."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

import spasmgraph as sg
from spasmgraph import errors
from spasmgraph._files import bundled_text
from spasmgraph.vocab import SG, SG_NAMESPACE


def test_all_is_sorted_and_importable() -> None:
    assert sg.__all__ == sorted(sg.__all__, key=lambda n: (not n.isupper(), not n[:1].isupper(), n))
    for name in sg.__all__:
        assert hasattr(sg, name), name


@pytest.mark.parametrize("name", errors.__all__)
def test_every_error_is_a_spasmgraph_error(name: str) -> None:
    assert issubclass(getattr(errors, name), errors.SpasmGraphError)


@pytest.mark.parametrize(
    ("error", "base"),
    [
        (errors.UnknownEntityError, KeyError),
        (errors.QueryNotFoundError, KeyError),
        (errors.QuerySyntaxError, ValueError),
        (errors.InvalidPathSpecError, ValueError),
    ],
)
def test_errors_are_also_builtin_kinds(error: type[Exception], base: type[Exception]) -> None:
    assert issubclass(error, base)


def test_vocab_typo_fails_loudly() -> None:
    with pytest.raises(AttributeError):
        _ = SG.Treatmnt


def test_vocab_matches_schema() -> None:
    schema = Graph().parse(data=bundled_text("schema.ttl"), format="turtle")
    declared = {
        str(s)[len(SG_NAMESPACE) :]
        for kind in (
            OWL.Class,
            OWL.ObjectProperty,
            OWL.DatatypeProperty,
            OWL.AnnotationProperty,
            OWL.NamedIndividual,
        )
        for s in schema.subjects(RDF.type, kind)
        if isinstance(s, URIRef) and str(s).startswith(SG_NAMESPACE)
    }
    in_vocab = {name for name in SG.__annotations__}
    assert declared == in_vocab
