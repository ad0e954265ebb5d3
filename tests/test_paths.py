"""Typed path queries: hand-checked counts on the toy graphs, behaviour on the real one.

``toy`` (tests/data/toy.ttl) has claim assessments only, so since relations no longer
inherit the verdict of the claim they express, its steps carry no verdict; the verdict
tests run on ``assessed`` (tests/data/toy_assessed.ttl), a copy with one
``sg:RelationAssessment`` per relation that reproduces toy.ttl's former verdicts (see its
header), plus structural, prognostic and safety relations.
"""

from __future__ import annotations

from pathlib import Path as FsPath

import pytest
from rdflib import URIRef

import spasmgraph as sg
from spasmgraph.paths import MAX_HOPS, MetaPath, provenance_of, verdict_of, verdict_scale
from spasmgraph.vocab import SG

DATA = FsPath(__file__).parent / "data"


@pytest.fixture(scope="module")
def assessed() -> sg.KnowledgeGraph:
    """The schema plus tests/data/toy_assessed.ttl (hand-checked counts in its header)."""
    return sg.load(DATA / "toy_assessed.ttl", layers=["schema"])


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
        ({"limit": 3}, 3),
    ],
)
def test_toy_path_filters(toy: sg.KnowledgeGraph, kwargs: dict[str, object], expected: int) -> None:
    assert len(toy.paths("exercise", "Treatment", **kwargs)) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("min_evidence", "expected"), [("mixed", 1), ("contradicted", 3), ("supported", 1)]
)
def test_min_evidence_reads_each_relations_own_verdict(
    assessed: sg.KnowledgeGraph, min_evidence: str, expected: int
) -> None:
    assert len(assessed.paths("exercise", "Treatment", min_evidence=min_evidence)) == expected


def test_claim_verdicts_are_not_inherited(
    toy: sg.KnowledgeGraph, assessed: sg.KnowledgeGraph
) -> None:
    # toy.ttl grades claims only: no relation has a verdict, so no path passes a filter.
    assert {v for p in toy.paths("exercise", "Treatment") for v in p.verdicts} == {None}
    assert len(toy.paths("exercise", "Treatment", min_evidence="contradicted")) == 0
    # stretch -acts on-> lactate expresses claim c2 (contradicted) but is graded insufficient.
    (step,) = [s for s in assessed.relations("stretch") if s.object == "toy:lactate"]
    assert step.provenance[0].claim == "toy:c2"
    assert (step.verdict, step.rank, step.kind) == ("insufficient", 2, "therapeutic")


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


def test_steps_carry_relation_provenance_and_verdict(assessed: sg.KnowledgeGraph) -> None:
    path = assessed.paths("exercise", "Treatment")[1]  # exercise > tension < stretch
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
    assert (first.verdict, first.rank, first.kind) == ("supported", 4, "causal")
    assert second.inverse
    assert second.predicate == "sg:isCounteractedBy"
    assert second.asserted == ("toy:stretch", "sg:actsOn", "toy:tension")
    assert second.provenance[0].mode == "inferred"
    assert (second.verdict, second.kind) == ("contradicted", "therapeutic")
    assert path.verdicts == ("supported", "contradicted")
    assert path.weakest_verdict == "contradicted"


def test_str_is_a_short_arrow_chain(assessed: sg.KnowledgeGraph) -> None:
    text = str(assessed.paths("exercise", "Treatment")[1])
    assert text == (
        "exercise → triggers → tension → is counteracted by → stretch  (evidence: contradicted)"
    )
    assert "toy source" not in text  # no provenance in the short form


def test_explain_gives_each_step_with_sources_and_verdict(assessed: sg.KnowledgeGraph) -> None:
    text = assessed.paths("exercise", "Treatment")[1].explain()
    assert text.splitlines() == [
        "exercise → tension → stretch",
        "  1. exercise —triggers→ tension",
        "       source: toy source, Causes, item 1 (stated); claim toy:c1",
        "       evidence: supported",
        "  2. tension —is counteracted by→ stretch",
        "       source: toy source, Remedies, item 2 (inferred); claim toy:c2",
        "       evidence: contradicted",
    ]


def test_str_wraps_to_fit_a_terminal(kg: sg.KnowledgeGraph) -> None:
    paths = kg.paths("intense exercise", "Treatment", via=["Mechanism"])
    assert paths
    for path in paths:
        text = str(path)
        assert all(len(line) <= sg.paths.model.TEXT_WIDTH for line in text.splitlines())
        assert " ".join(text.split()).startswith("intense exercise → ")


def test_steps_and_their_provenance_print_readably(assessed: sg.KnowledgeGraph) -> None:
    heat_tension, heat_regimen, settles_heat = assessed.relations("heat")
    assert str(settles_heat) == "settles in days —expected after→ heat"
    assert str(heat_tension) == "heat —acts on→ tension"
    assert str(heat_tension.provenance) == "toy source, Remedies, item 1 (stated)"
    assert str(heat_regimen.provenance) == "no source recorded"  # was "()"
    assert heat_regimen.evidence == "not graded (structural)"
    assert heat_tension.evidence == "supported"


def test_unassessed_step_has_no_verdict(assessed: sg.KnowledgeGraph) -> None:
    path = assessed.paths("exercise", "rest")[0]
    # tension -results in-> spasm has no assessment; rest -treats-> spasm is sg:NotAssessed.
    assert path.verdicts == ("supported", None, "not assessed")
    assert [s.rank for s in path.steps] == [4, None, None]
    assert path.weakest_verdict is None
    assert "(evidence: unassessed)" in str(path)
    assert path.steps[2].evidence == "not assessed"


def test_order_by_evidence_puts_strongest_first(assessed: sg.KnowledgeGraph) -> None:
    ranked = assessed.paths("exercise", "Treatment", order="evidence")
    assert ranked[0].nodes[-1] == "toy:heat"
    scores = [p.evidence_score for p in ranked]
    assert scores == sorted(scores, reverse=True)


# -- structural steps are neutral; relation kinds followed by default -------------------------


@pytest.mark.parametrize(
    ("min_evidence", "ends"),
    [
        (None, ["heat", "tension-stretch", "oxygen-stretch"]),
        ("supported", ["heat"]),
        ("mixed", ["heat"]),
        ("insufficient", ["heat", "oxygen-stretch"]),
        ("contradicted", ["heat", "tension-stretch", "oxygen-stretch"]),
    ],
)
def test_structural_step_neither_passes_nor_fails(
    assessed: sg.KnowledgeGraph, min_evidence: str | None, ends: list[str]
) -> None:
    """exercise -> Regimen ends with a structural `has regimen` step (see the data header)."""
    names = {
        ("toy:exercise", "toy:tension", "toy:heat", "toy:heat_regimen"): "heat",
        ("toy:exercise", "toy:tension", "toy:stretch", "toy:stretch_regimen"): "tension-stretch",
        (
            "toy:exercise",
            "toy:oxygen",
            "toy:lactate",
            "toy:stretch",
            "toy:stretch_regimen",
        ): "oxygen-stretch",
    }
    paths = assessed.paths("exercise", "Regimen", relations="all", min_evidence=min_evidence)
    assert [names[p.nodes] for p in paths] == ends
    for path in paths:
        last = path.steps[-1]
        assert (last.kind, last.verdict, last.rank) == ("structural", None, None)
        assert (
            path.weakest_verdict
            == min((s for s in path.steps[:-1]), key=lambda s: s.rank or 0).verdict
        )


def test_structural_steps_do_not_change_the_evidence_score(assessed: sg.KnowledgeGraph) -> None:
    heat = assessed.paths("exercise", "Regimen", relations="all")[0]
    assert heat.evidence_score == (4, 4.0)  # the structural step is not averaged in
    ranked = assessed.paths("exercise", "Regimen", relations="all", order="evidence")
    assert [p.nodes[-2] for p in ranked] == ["toy:heat", "toy:stretch", "toy:stretch"]
    assert [p.evidence_score for p in ranked] == [(4, 4.0), (2, 2 + 2 / 3), (0, 2.0)]


@pytest.mark.parametrize(
    ("target", "relations", "expected"),
    [
        ("Treatment", sg.paths.DEFAULT_RELATIONS, 5),
        ("Treatment", "all", 6),  # + exercise>tension>spasm>settles>heat (prognostic)
        ("Treatment", ("causal", "therapeutic", "prognostic"), 6),
        ("Treatment", ("causal",), 0),
        ("Treatment", "therapeutic", 0),
        ("Regimen", sg.paths.DEFAULT_RELATIONS, 0),  # has regimen is structural
        ("Regimen", ("causal", "therapeutic", "structural"), 3),
        ("Prognosis", sg.paths.DEFAULT_RELATIONS, 0),
        ("Prognosis", ["causal", "prognostic"], 1),
    ],
)
def test_relation_kinds_followed(
    assessed: sg.KnowledgeGraph, target: str, relations: object, expected: int
) -> None:
    found = assessed.paths("exercise", target, relations=relations)  # type: ignore[arg-type]
    assert len(found) == expected


def test_default_paths_follow_only_causal_therapeutic_care_and_safety(
    assessed: sg.KnowledgeGraph,
) -> None:
    assert sg.paths.DEFAULT_RELATIONS == ("causal", "therapeutic", "care", "safety")
    kinds = {s.kind for p in assessed.paths("exercise", "Treatment") for s in p.steps}
    assert kinds == {"causal", "therapeutic"}
    # A condition reaches its red flag and the care actions it warrants (safety + care).
    assert [p.labels for p in assessed.paths("spasm", "RedFlag")] == [("spasm", "numbness")]
    assert [p.nodes[-1] for p in assessed.paths("spasm", "CareAction")] == ["toy:er", "toy:gp"]


@pytest.mark.parametrize("relations", ["causes", ("causal", "nonsense"), (), 42, [7]])
def test_unknown_relation_kind_lists_the_valid_ones(
    assessed: sg.KnowledgeGraph, relations: object
) -> None:
    with pytest.raises(sg.InvalidPathSpecError) as err:
        assessed.paths("exercise", "Treatment", relations=relations)  # type: ignore[arg-type]
    assert "care, causal, prognostic, safety, structural, therapeutic" in str(err.value)
    assert "'all'" in str(err.value)


def test_metapaths_name_their_properties_and_are_not_filtered(
    assessed: sg.KnowledgeGraph,
) -> None:
    metapath = "Cause -triggers-> Mechanism <-actsOn- Treatment -hasRegimen-> Regimen"
    found = assessed.paths("exercise", metapath=metapath)
    assert [p.nodes[-1] for p in found] == ["toy:heat_regimen", "toy:stretch_regimen"]
    assert [s.kind for s in found[0].steps] == ["causal", "therapeutic", "structural"]


def test_a_graph_without_relation_kinds_follows_every_property() -> None:
    from rdflib import Graph

    data = Graph().parse(
        format="turtle",
        data="""
        @prefix ex: <https://example.org/> .
        @prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        ex:Thing a owl:Class . ex:Goal a owl:Class ; rdfs:subClassOf ex:Thing .
        ex:linked a owl:ObjectProperty . ex:partOf a owl:ObjectProperty .
        ex:a a ex:Thing ; rdfs:label "a" ; ex:linked ex:b .
        ex:b a ex:Thing ; rdfs:label "b" ; ex:partOf ex:c .
        ex:c a ex:Goal ; rdfs:label "c" .
        """,
    )
    kg = sg.load(data, bundled=False, store="memory")
    assert kg.index.relation_kinds == {}
    (path,) = kg.paths("a", "Goal")
    assert path.labels == ("a", "b", "c")
    assert [(s.kind, s.verdict) for s in path.steps] == [(None, None), (None, None)]
    assert len(kg.paths("a", "Goal", relations=("causal",))) == 1  # nothing to filter by
    with pytest.raises(sg.InvalidPathSpecError, match="unknown relation kind 'linked'"):
        kg.paths("a", "Goal", relations="linked")


def test_verdict_scale_is_read_from_the_data(assessed: sg.KnowledgeGraph) -> None:
    scale = verdict_scale(assessed.index)
    assert scale.names == ("contradicted", "unsupported", "insufficient", "mixed", "supported")
    assert scale.iris["mixed"] == SG.Mixed and scale.rank("not assessed") is None
    from rdflib import Graph

    data = Graph().parse(
        format="turtle",
        data="""
        @prefix sg: <https://w3id.org/spasmgraph/> .
        @prefix ex: <https://example.org/> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        ex:Poor a sg:Verdict ; rdfs:label "poor"@en ; sg:rank 0 .
        ex:Good a sg:Verdict ; rdfs:label "good"@en ; sg:rank 1 .
        sg:triggers a <http://www.w3.org/2002/07/owl#ObjectProperty> .
        ex:a a sg:Cause ; rdfs:label "a" ; sg:triggers ex:b .
        ex:b a sg:Mechanism ; rdfs:label "b" .
        ex:r a sg:RelationAssessment ; sg:assessedSubject ex:a ; sg:assessedProperty sg:triggers ;
            sg:assessedObject ex:b ; sg:hasVerdict ex:Good .
        """,
    )
    custom = sg.load(data, bundled=False, store="memory")
    assert verdict_scale(custom.index).names == ("poor", "good")
    assert [p.verdicts for p in custom.paths("a", "b", min_evidence="good")] == [("good",)]
    with pytest.raises(sg.InvalidPathSpecError, match="choose one of: good, poor"):
        custom.paths("a", "b", min_evidence="mixed")


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


@pytest.mark.parametrize("graph", ["toy", "kg"])
def test_metapath_rows_match_a_plain_join(graph: str, request: pytest.FixtureRequest) -> None:
    """The factorised rows are exactly the rows of the join, in the documented order: on
    the toy graph and on the bundled one (the benchmarks' C→M←T question)."""
    kg: sg.KnowledgeGraph = request.getfixturevalue(graph)
    rows = [p.nodes for p in kg.paths("Cause", metapath=METAPATH)]
    expected = sorted(
        (str(r["c"]), str(r["m"]), str(r["t"]))
        for r in kg.sparql(
            "SELECT DISTINCT ?c ?m ?t WHERE { ?c sg:triggers ?m . ?t sg:actsOn ?m . "
            "?c a/rdfs:subClassOf* sg:Cause . ?m a/rdfs:subClassOf* sg:Mechanism . "
            "?t a/rdfs:subClassOf* sg:Treatment }"
        )
    )
    shorten = kg.index.curies.shorten
    assert rows and sorted(rows) == [tuple(map(shorten, r)) for r in expected]
    assert rows == sorted(rows)  # sources, then relations, in CURIE order


def test_a_node_with_two_matching_types_is_one_path(kg: sg.KnowledgeGraph) -> None:
    """Without DISTINCT, SPARQL lists a row once per type of ?t below sg:Treatment (a
    property path ``a/rdfs:subClassOf*`` binds the type in between); a path is listed once.
    """
    both = kg.sparql(
        "SELECT ?type WHERE { sg:potassium_rich_food a ?type . "
        "?type rdfs:subClassOf* sg:Treatment }"
    )
    assert len(both) >= 2
    nodes = [p.nodes for p in kg.paths("Cause", metapath=METAPATH)]
    assert (
        nodes.count(("sg:potassium_deficit", "sg:potassium_depletion", "sg:potassium_rich_food"))
        == 1
    )


@pytest.mark.parametrize("verdict", ["contradicted", "insufficient", "mixed", "supported"])
def test_metapath_min_evidence_filters_factorised_rows(
    assessed: sg.KnowledgeGraph, verdict: str
) -> None:
    every = assessed.paths("Cause", metapath=METAPATH)
    kept = assessed.paths("Cause", metapath=METAPATH, min_evidence=verdict)
    floor = verdict_scale(assessed.index).rank(verdict)
    assert floor is not None
    expected = [p for p in every if all(s.rank is not None and s.rank >= floor for s in p.steps)]
    assert kept == expected and len(every) == 4


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
    assert paths[np.int64(1)] == paths[1]  # type: ignore[call-overload]
    with pytest.raises(TypeError):
        paths["1"]  # type: ignore[call-overload]


# -- renderers: the CLI's JSON and CSV, as library functions ----------------------------------


def test_to_csv_one_row_per_step(assessed: sg.KnowledgeGraph) -> None:
    from spasmgraph.paths import PATH_CSV_COLUMNS, to_csv

    paths = assessed.paths("exercise", "Treatment")[1:2]  # exercise > tension < stretch
    assert to_csv(paths).splitlines() == [
        ",".join(PATH_CSV_COLUMNS),
        "1,1,toy:exercise,exercise,sg:triggers,triggers,toy:tension,tension,false,supported,"
        'toy:doc,"Causes, item 1",stated,toy:c1',
        "1,2,toy:tension,tension,sg:isCounteractedBy,is counteracted by,toy:stretch,stretch,"
        'true,contradicted,toy:doc,"Remedies, item 2",inferred,toy:c2',
    ]
    assert to_csv([]) == ",".join(PATH_CSV_COLUMNS) + "\n"


def test_to_csv_joins_several_sources_and_leaves_unassessed_empty(
    assessed: sg.KnowledgeGraph,
) -> None:
    import csv
    import io

    from spasmgraph.paths import Path, Provenance, Sources, Step, to_csv

    two = Sources([Provenance("ex:a", "A", "s. 1", "stated", None)] * 2)
    step = Step("ex:x", "ex:p", "ex:y", "x", "p", "y", ("ex:x", "ex:p", "ex:y"), False, two)
    (row,) = list(csv.DictReader(io.StringIO(to_csv([Path((step,))]))))
    assert (row["source"], row["locator"], row["claim"]) == ("ex:a | ex:a", "s. 1 | s. 1", " | ")
    assert row["verdict"] == ""


def test_to_records_is_deprecated_for_to_json_records(assessed: sg.KnowledgeGraph) -> None:
    from spasmgraph.paths import render, to_json_records, to_records

    paths = assessed.paths("exercise", "rest")
    with pytest.warns(DeprecationWarning, match="to_json_records"):
        assert to_records(paths) == to_json_records(paths)
    pytest.importorskip("pandas")
    with pytest.warns(DeprecationWarning, match="dataframe_from_columns"):
        frame = render.to_dataframe(paths.to_columns())
    assert len(frame) == len(paths)


def test_to_json_records_and_json(assessed: sg.KnowledgeGraph) -> None:
    import json

    from spasmgraph.paths import to_json, to_json_records

    paths = assessed.paths("exercise", "rest")
    (record,) = to_json_records(paths)
    assert json.loads(to_json(paths)) == [record]
    assert set(record) == {"nodes", "labels", "length", "weakest_verdict", "steps"}
    assert record["nodes"] == ["toy:exercise", "toy:tension", "toy:spasm", "toy:rest"]
    assert (record["length"], record["weakest_verdict"]) == (3, None)
    last = record["steps"][-1]
    assert last == {
        "subject": "toy:spasm",
        "predicate": "sg:isTreatedBy",
        "object": "toy:rest",
        "labels": {"subject": "spasm", "predicate": "is treated by", "object": "rest"},
        "inverse": True,
        "asserted": ["toy:rest", "sg:treats", "toy:spasm"],
        "provenance": [],
        "verdict": "not assessed",
    }
    assert to_json([]) == "[]"
    assert "\\u" not in to_json(assessed.paths("spasm", "CareAction"))  # not ASCII-escaped


def test_to_text_and_html(assessed: sg.KnowledgeGraph) -> None:
    from spasmgraph.paths import to_html, to_text

    paths = assessed.paths("exercise", "Treatment")
    assert to_text(paths) == "\n".join(map(str, paths)) == str(paths)
    assert to_text(paths, explain=True) == "\n\n".join(p.explain() for p in paths)
    html = to_html(paths, truncated=True)
    assert html.count("<li>") == 5 and "truncated" in html and "[not assessed]" in html
    assert "[unassessed]" in html and "[supported]" in html
    assert to_html([]) == "<p>no paths</p>" and paths._repr_html_().startswith("<ol")
