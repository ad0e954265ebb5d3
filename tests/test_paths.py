"""Typed path queries: hand-checked counts on the toy graph, behaviour on the real one."""

from __future__ import annotations

import pytest
from rdflib import URIRef

import spasmgraph as sg
from spasmgraph.paths import MAX_HOPS, MetaPath, provenance_of, verdict_of
from spasmgraph.vocab import SG


@pytest.mark.parametrize(("max_hops", "expected"), [(1, 0), (2, 2), (3, 4), (4, 5), (8, 5)])
def test_toy_path_counts_by_hops(toy: sg.KnowledgeGraph, max_hops: int, expected: int) -> None:
    assert len(toy.paths("exercise", "Treatment", max_hops=max_hops)) == expected


def test_toy_paths_in_deterministic_order(toy: sg.KnowledgeGraph) -> None:
    got = [p.nodes for p in toy.paths("exercise", "Treatment")]
    assert got == [
        ("toy:exercise", "toy:tension", "toy:heat"),
        ("toy:exercise", "toy:tension", "toy:stretch"),
        ("toy:exercise", "toy:oxygen", "toy:lactate", "toy:stretch"),
        ("toy:exercise", "toy:tension", "toy:spasm", "toy:rest"),
        ("toy:exercise", "toy:oxygen", "toy:lactate", "toy:pain", "toy:pill"),
    ]
    assert [p.nodes for p in toy.paths("exercise", "Treatment")] == got


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"via": ["Mechanism"]}, 3),
        ({"via": ["sg:Mechanism", "Condition"]}, 4),
        ({"via": ["Symptom"]}, 0),
        ({"min_evidence": "mixed"}, 1),
        ({"min_evidence": "contradicted"}, 3),
        ({"min_evidence": "supported"}, 1),
        ({"limit": 3}, 3),
    ],
)
def test_toy_path_filters(toy: sg.KnowledgeGraph, kwargs: dict[str, object], expected: int) -> None:
    assert len(toy.paths("exercise", "Treatment", **kwargs)) == expected  # type: ignore[arg-type]


def test_target_can_be_subclass_or_entity(toy: sg.KnowledgeGraph) -> None:
    assert [p.nodes[-1] for p in toy.paths("exercise", "HomeRemedy")] == [
        "toy:heat",
        "toy:stretch",
        "toy:stretch",
    ]
    (only,) = toy.paths("exercise", "pill")
    assert only.labels == ("exercise", "low oxygen", "lactate", "pain", "pill")


def test_source_can_be_a_class(toy: sg.KnowledgeGraph) -> None:
    starts = {p.nodes[0] for p in toy.paths("Cause", "Treatment")}
    assert starts == {"toy:exercise", "toy:cold"}


def test_limit_marks_truncation(toy: sg.KnowledgeGraph) -> None:
    assert toy.paths("exercise", "Treatment", limit=2).truncated
    assert not toy.paths("exercise", "Treatment").truncated


def test_steps_carry_relation_provenance_and_verdict(toy: sg.KnowledgeGraph) -> None:
    path = toy.paths("exercise", "Treatment")[1]  # exercise > tension < stretch
    first, second = path.steps
    assert (first.subject, first.predicate, first.object) == (
        "toy:exercise",
        "sg:triggers",
        "toy:tension",
    )
    assert not first.inverse
    assert first.provenance[0].locator == "Causes, item 1"
    assert first.provenance[0].mode == "stated"
    assert first.provenance[0].source == "toy:doc"
    assert first.verdict == "supported"
    assert second.inverse
    assert second.predicate == "sg:isCounteractedBy"
    assert second.asserted == ("toy:stretch", "sg:actsOn", "toy:tension")
    assert second.provenance[0].mode == "inferred"
    assert second.verdict == "contradicted"
    assert path.verdicts == ("supported", "contradicted")
    assert path.weakest_verdict == "contradicted"


def test_str_is_one_readable_line_with_sources_and_verdicts(toy: sg.KnowledgeGraph) -> None:
    text = str(toy.paths("exercise", "Treatment")[1])
    assert "\n" not in text
    assert text.startswith("exercise --triggers--> tension --is counteracted by--> stretch")
    assert "toy source, Causes, item 1 (stated)" in text
    assert "evidence: contradicted" in text


def test_unassessed_step_has_no_verdict(toy: sg.KnowledgeGraph) -> None:
    path = toy.paths("exercise", "rest")[0]
    assert path.verdicts == ("supported", None, None)
    assert path.weakest_verdict is None
    assert "unassessed" in str(path)


def test_order_by_evidence_puts_strongest_first(toy: sg.KnowledgeGraph) -> None:
    ranked = toy.paths("exercise", "Treatment", order="evidence")
    assert ranked[0].nodes[-1] == "toy:heat"
    scores = [p.evidence_score for p in ranked]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Cause -triggers-> Mechanism <-actsOn- Treatment", 4),
        ("Cause -triggers-> Mechanism -leadsTo-> Mechanism <-actsOn- Treatment", 1),
        ("Cause -sg:triggers-> Mechanism -resultsIn-> Condition <-treats- Treatment", 2),
    ],
)
def test_metapaths(toy: sg.KnowledgeGraph, text: str, expected: int) -> None:
    assert len(toy.paths("Cause", metapath=text)) == expected
    assert str(MetaPath.parse(text)) == text


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"max_hops": 0}, "max_hops=0 makes no sense"),
        ({"max_hops": -2}, "max_hops=-2 makes no sense"),
        ({"max_hops": MAX_HOPS + 1}, "at most"),
        ({"max_hops": 2.5}, "must be an integer"),
        ({"max_hops": True}, "must be an integer"),
        ({"limit": 0}, "limit must be a positive integer"),
        ({"via": ["Medicine"]}, "via class 'Medicine' is not a class"),
        ({"min_evidence": "strong"}, "unknown evidence verdict 'strong'"),
        ({"order": "random"}, "order must be"),
    ],
)
def test_bad_path_specs_raise(
    toy: sg.KnowledgeGraph, kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(sg.InvalidPathSpecError, match=message):
        toy.paths("exercise", "Treatment", **kwargs)  # type: ignore[arg-type]


def test_unknown_target_class_names_the_classes(toy: sg.KnowledgeGraph) -> None:
    with pytest.raises(sg.InvalidPathSpecError, match="did you mean 'treatment'") as err:
        toy.paths("exercise", "Treatmnt")
    assert "classes include" in str(err.value)


@pytest.mark.parametrize(
    "metapath",
    [
        "Cause triggers Mechanism",
        "Cause",
        "Cause -triggers-> Mechanism <-triggers- Cause",
        "Cause -flies-> Mechanism",
        "Cause -triggers-> Nonsense",
    ],
)
def test_bad_metapaths_raise(toy: sg.KnowledgeGraph, metapath: str) -> None:
    with pytest.raises(sg.InvalidPathSpecError):
        toy.paths("Cause", metapath=metapath)


def test_metapath_excludes_target_and_via(toy: sg.KnowledgeGraph) -> None:
    with pytest.raises(sg.InvalidPathSpecError, match="either metapath"):
        toy.paths("exercise", "Treatment", metapath="Cause -triggers-> Mechanism")


def test_unknown_source_is_an_unknown_entity(toy: sg.KnowledgeGraph) -> None:
    with pytest.raises(sg.UnknownEntityError, match="did you mean 'exercise'"):
        toy.paths("exercize", "Treatment")


def test_enumeration_is_bounded_by_budget(toy: sg.KnowledgeGraph) -> None:
    from spasmgraph.paths import find_paths

    index = toy.index
    source = [next(i for i in index.labels if index.labels[i] == "exercise")]
    with pytest.warns(RuntimeWarning, match="stopped after 3 extensions"):
        result = find_paths(index, source, target_classes=[SG.Treatment], budget=3)
    assert result.truncated


def test_paths_agree_with_sparql_on_toy(toy: sg.KnowledgeGraph) -> None:
    rows = toy.sparql(
        "SELECT ?c ?m ?t WHERE { ?c sg:triggers ?m . ?m a sg:Mechanism . ?t sg:actsOn ?m . "
        "?t a/rdfs:subClassOf* sg:Treatment }"
    )
    via_sparql = {
        (
            toy.index.curies.shorten(r["c"]),
            toy.index.curies.shorten(r["m"]),
            toy.index.curies.shorten(r["t"]),
        )
        for r in rows
    }
    via_paths = {p.nodes for p in toy.paths("Cause", "Treatment", via=["Mechanism"], max_hops=2)}
    assert via_paths == via_sparql
    assert len(via_paths) == 4


# -- PathList: factorised rows behave as an immutable sequence of Path ------------------------
METAPATH = "Cause -triggers-> Mechanism <-actsOn- Treatment"


@pytest.mark.parametrize(
    "query",
    [
        {"source": "Cause", "metapath": METAPATH},  # rows held as prefix x shared last hops
        {"source": "exercise", "target": "Treatment"},  # rows held one by one
        {"source": "exercise", "target": "Treatment", "order": "evidence"},
    ],
)
def test_pathlist_is_a_consistent_sequence(toy: sg.KnowledgeGraph, query: dict[str, str]) -> None:
    source = query.pop("source")
    paths = toy.paths(source, query.pop("target", None), **query)  # type: ignore[arg-type]
    listed = list(paths)
    assert len(listed) == len(paths) > 1
    assert [paths[i] for i in range(len(paths))] == listed
    assert [paths[-i] for i in range(1, len(paths) + 1)] == listed[::-1]
    assert list(paths[1:]) == listed[1:] and isinstance(paths[1:], sg.PathList)
    assert paths == listed and paths == tuple(listed) and paths == sg.PathList(listed)
    assert paths != listed[:-1] and paths != sg.PathList(listed[:-1])
    assert (paths + listed[:1])[-1] == listed[0] and len(paths + paths) == 2 * len(paths)
    assert f"<{len(paths)} paths>" in repr(paths)
    for path in listed:  # each Path is whole: nodes and labels follow its steps
        assert path.nodes[1:] == tuple(s.object for s in path.steps)
        assert path.labels[0] == path.steps[0].subject_label
        for step in path.steps:  # the same provenance and verdict as asking for the relation
            asserted = tuple(URIRef(toy.index.curies.expand(c) or c) for c in step.asserted)
            assert step.provenance == provenance_of(toy.index, asserted)  # type: ignore[arg-type]
            assert step.verdict == verdict_of(toy.index, asserted)  # type: ignore[arg-type]


@pytest.mark.parametrize("position", [4, -5, 100])
def test_pathlist_index_out_of_range(toy: sg.KnowledgeGraph, position: int) -> None:
    paths = toy.paths("Cause", metapath=METAPATH)
    assert len(paths) == 4
    with pytest.raises(IndexError, match="out of range for 4 paths"):
        paths[position]


def test_pathlist_is_immutable_and_unhashable(toy: sg.KnowledgeGraph) -> None:
    paths = toy.paths("Cause", metapath=METAPATH)
    with pytest.raises(TypeError):
        hash(paths)
    with pytest.raises(TypeError):
        paths[0] = paths[1]  # type: ignore[index]
    assert not hasattr(paths, "append")


def test_metapath_rows_match_a_plain_join(toy: sg.KnowledgeGraph) -> None:
    """The factorised rows are exactly the rows of the join, in the documented order."""
    rows = [p.nodes for p in toy.paths("Cause", metapath=METAPATH)]
    expected = sorted(
        (str(r["c"]), str(r["m"]), str(r["t"]))
        for r in toy.sparql(
            "SELECT ?c ?m ?t WHERE { ?c sg:triggers ?m . ?t sg:actsOn ?m . "
            "?c a/rdfs:subClassOf* sg:Cause . ?m a/rdfs:subClassOf* sg:Mechanism . "
            "?t a/rdfs:subClassOf* sg:Treatment }"
        )
    )
    shorten = toy.index.curies.shorten
    assert sorted(rows) == [tuple(map(shorten, r)) for r in expected]
    assert rows == sorted(rows)  # sources, then relations, in CURIE order


@pytest.mark.parametrize("verdict", ["contradicted", "mixed", "supported"])
def test_metapath_min_evidence_filters_factorised_rows(
    toy: sg.KnowledgeGraph, verdict: str
) -> None:
    every = toy.paths("Cause", metapath=METAPATH)
    kept = toy.paths("Cause", metapath=METAPATH, min_evidence=verdict)
    floor = sg.paths.VERDICTS.index(verdict)
    expected = [
        p
        for p in every
        if all(v is not None and sg.paths.VERDICTS.index(v) >= floor for v in p.verdicts)
    ]
    assert kept == expected


def test_pathlist_pickles_its_paths_not_the_index(toy: sg.KnowledgeGraph) -> None:
    import pickle

    paths = toy.paths("Cause", metapath=METAPATH, limit=3)
    data = pickle.dumps(paths)
    again = pickle.loads(data)
    assert isinstance(again, sg.PathList) and again == paths and again.truncated
    assert b"_View" not in data and len(data) < 20_000


def test_pathlist_takes_integer_like_indexes(toy: sg.KnowledgeGraph) -> None:
    import numpy as np

    paths = toy.paths("Cause", metapath=METAPATH)
    assert paths[np.int64(1)] == paths[1]
    with pytest.raises(TypeError):
        paths["1"]  # type: ignore[call-overload]
