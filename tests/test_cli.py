"""The ``spasmgraph`` command line, run in-process through :func:`spasmgraph.cli.main`.

Hand-checked expectations use the toy graph with its relation assessments
(``--load tests/data/toy_assessed.ttl --layers schema``, see that file's header); the rest
runs on the bundled graph.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
import rdflib

import spasmgraph as sg
from spasmgraph.cli import EXIT_INTERNAL, EXPORT_FORMATS, main
from spasmgraph.paths.render import PATH_CSV_COLUMNS

DATA = Path(__file__).parent / "data"
TOY_FILE = str(DATA / "toy_assessed.ttl")  # toy.ttl plus per-relation assessments
TOY = ["--load", TOY_FILE, "--layers", "schema"]
HAS_DOT = shutil.which("dot") is not None
NAMED_QUERY = ["query", "--name", "mechanisms-of-cause", "--param", "cause=intense exercise"]
COMMANDS = ["info", "show", "search", "paths", "query", "draw", "export", "validate", "mappings"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run ``spasmgraph ARGV`` in-process; return (exit status, stdout, stderr)."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(err: str) -> str:
    """Check that *err* is exactly one ``spasmgraph: error:`` line; return it."""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("spasmgraph: error: "), err
    assert "Traceback" not in err
    return lines[0]


# -- help, version, parsing ---------------------------------------------------------------


@pytest.mark.parametrize("command", [[], *([c] for c in COMMANDS)])
def test_help_at_every_level(capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    code, out, _ = run(capsys, *command, "--help")
    assert code == 0
    assert out.startswith("usage: spasmgraph")
    assert "--load FILE" in out
    assert "--layers LIST" in out


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert (code, out.strip()) == (0, f"spasmgraph {sg.__version__}")


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["frobnicate"],
        ["paths"],
        ["paths", "exercise", "--format", "yaml"],
        ["paths", "exercise", "--max-hops", "two"],
        ["paths", "exercise", "--min-evidence", "strong"],
        ["export", "--format", "ttl"],
        ["draw", "-o", "x.svg"],
        ["draw", "--schema", "--all", "-o", "x.svg"],
    ],
)
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert "spasmgraph" in err and "error:" in err


def count_paths(capsys: pytest.CaptureFixture[str], *argv: str) -> int:
    """How many paths ``spasmgraph paths ARGV --format json`` prints (exit 0 or 1)."""
    code, out, err = run(capsys, "paths", *argv, "--format", "json")
    assert code in (0, 1), err
    return len(json.loads(out))


def test_common_options_work_before_and_after_the_command(
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = run(capsys, *TOY, "paths", "exercise", "--format", "json")
    after = run(capsys, "paths", "exercise", *TOY, "--format", "json")
    split = run(
        capsys, "--layers", "schema", "paths", "exercise", "--load", TOY_FILE, "--format=json"
    )
    assert before == after == split
    assert before[0] == 0 and len(json.loads(before[1])) == 5


# -- info ---------------------------------------------------------------------------------


def test_info_bundled(capsys: pytest.CaptureFixture[str]) -> None:
    kg = sg.load()
    code, out, _ = run(capsys, "info")
    assert code == 0
    assert f"spasmgraph {sg.__version__}" in out
    assert "ontology:  https://w3id.org/spasmgraph/ontology, version 0.1.0" in out
    assert f"triples:   {len(kg)}" in out
    assert f"store:     {kg.store}" in out
    medications = len(kg.entities("Medication"))
    assert any(
        line.split()[-2:] == ["sg:Medication", str(medications)] for line in out.splitlines()
    )
    for query in sg.list_queries():
        assert query.name in out


@pytest.mark.parametrize("store", sg.STORES)
def test_store_option(capsys: pytest.CaptureFixture[str], store: str) -> None:
    from spasmgraph.backends import resolve_store

    try:
        expected = resolve_store(store)
    except sg.StoreError:
        pytest.skip(f"store {store!r} is not available here")
    if store == "sparql":
        code, _, err = run(capsys, "--store", store, "info")
        assert code == 2 and "endpoint" in one_line_error(err)  # no endpoint option yet
        return
    assert count_paths(capsys, "--store", store, "exercise", *TOY) == 5
    code, out, _ = run(capsys, "info", "--store", store, *TOY)
    assert f"store:     {expected}" in out


def test_info_counts_include_subclasses(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "info", *TOY)
    assert code == 0
    counts = {
        parts[-2]: int(parts[-1])
        for line in out.splitlines()
        if len(parts := line.split()) >= 2 and parts[-2].startswith("sg:") and parts[-1].isdigit()
    }
    assert counts["sg:Cause"] == 2
    assert counts["sg:Mechanism"] == 3
    assert counts["sg:HomeRemedy"] == 2
    assert counts["sg:Treatment"] == 5  # heat, stretch, pill, rest, and the class painkiller
    assert "loaded:    " + TOY_FILE in out
    assert "layers:    schema" in out


# -- show ---------------------------------------------------------------------------------


def test_show_toy_relations_in_both_directions(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "tension", *TOY)
    assert code == 0
    assert out.startswith("tension (toy:tension)\n")
    assert "definition:  Raised muscle tension." in out
    assert "types:       sg:Mechanism" in out
    assert "relations from tension (1):" in out
    assert "tension --results in--> spasm (toy:spasm)" in out
    assert "relations to tension (4):" in out
    heat = out.index("heat (toy:heat) --acts on--> tension")
    assert out[heat:].splitlines()[1:3] == [
        "        source: toy source, Remedies, item 1 (stated); claim toy:c1",
        "        evidence: supported",
    ]
    stretch = out.index("stretch (toy:stretch) --acts on--> tension")
    assert "Remedies, item 2 (inferred)" in out[stretch:].splitlines()[1]
    assert out[stretch:].splitlines()[2] == "        evidence: contradicted"
    cold = out.index("cold (toy:cold) --triggers--> tension")
    assert out[cold:].splitlines()[1:3] == [
        "        source: none recorded",
        "        evidence: unassessed",
    ]
    assert "cautions" not in out  # not a treatment


def test_show_by_synonym_and_treatment_cautions(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "tablet", *TOY)
    assert code == 0
    assert out.startswith("pill (toy:pill)")
    assert "synonyms:    tablet" in out
    # the class's dose limit and the pill's own interaction, each with what it cites
    assert "cautions (2):" in out
    assert "    - [dose limit] painkillers: 3000 mg a day at most (painkiller)" in out
    assert "      cited: Doe 2020" in out
    assert "caution for" not in out  # cautions are not listed as relations


def test_show_ibuprofen(capsys: pytest.CaptureFixture[str]) -> None:
    kg = sg.load()
    code, out, _ = run(capsys, "show", "ibuprofen")
    assert code == 0
    entity = kg.entity("ibuprofen")
    assert out.startswith("ibuprofen (sg:ibuprofen)\n")
    assert f"types:       {', '.join(entity.types)}" in out
    assert f"definition:  {entity.definition}" in out
    # codes: CURIEs with their match type
    assert any(line.split()[:3] == ["exact", "match", "mesh:D007052"] for line in out.splitlines())
    assert "ibuprofen --acts on--> muscle inflammation (sg:muscle_inflammation)" in out
    assert "(stated); claim sg:claim_t2" in out
    verdict = kg.paths("ibuprofen", "muscle inflammation", max_hops=1)[0].steps[0].verdict
    assert f"evidence: {verdict or 'unassessed'}" in out
    cautions = kg.cautions("ibuprofen")
    assert f"cautions ({len(cautions)}):" in out
    for caution in cautions:
        assert f"    - {caution}" in out


@pytest.mark.parametrize(
    "argv",
    [
        ["info"],
        ["show", "ibuprofen"],
        ["search", "ibuprofen"],
        ["paths", "intense exercise"],
        [*NAMED_QUERY],
        ["mappings"],
    ],
)
def test_text_commands_take_lang(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    assert run(capsys, *argv, "--lang", "en") == run(capsys, *argv)


def test_show_is_the_library_report(capsys: pytest.CaptureFixture[str]) -> None:
    from spasmgraph.describe import describe

    code, out, _ = run(capsys, "show", "NSAID")
    assert code == 0
    assert out == describe(sg.load().index, "NSAID") + "\n"


# -- search -------------------------------------------------------------------------------


def test_search(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "ibuprofn", "--limit", "3")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["score", "label", "CURIE", "types"]
    assert lines[2].split()[1:3] == ["ibuprofen", "sg:ibuprofen"]
    assert len(lines) <= 2 + 3


def test_search_finds_synonyms(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "working out", *TOY)
    assert code == 0
    assert out.splitlines()[2].split()[:3] == ["1.000", "exercise", "toy:exercise"]


def test_search_without_hit_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "search", "zzqxv qqqzz", *TOY)
    assert (code, out) == (1, "")
    assert "nothing matches" in err


# -- paths --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ([], 5),
        (["--to", "Treatment"], 5),
        (["--max-hops", "2"], 2),
        (["--max-hops", "3"], 4),
        (["--via", "Mechanism"], 3),
        (["--metapath", "Cause -triggers-> Mechanism <-actsOn- Treatment"], 2),
        (["--min-evidence", "mixed"], 1),
        (["--min-evidence", "contradicted"], 3),
        (["--limit", "2"], 2),
        (["--to", "heat"], 1),
    ],
)
def test_paths_toy_counts(
    capsys: pytest.CaptureFixture[str], options: list[str], expected: int
) -> None:
    code, out, _ = run(capsys, "paths", "exercise", *options, *TOY, "--format", "json")
    assert code == 0
    paths = json.loads(out)
    assert len(paths) == expected
    assert all(p["nodes"][0] == "toy:exercise" for p in paths)


def test_paths_metapath_from_a_class(capsys: pytest.CaptureFixture[str]) -> None:
    metapath = "Cause -triggers-> Mechanism <-actsOn- Treatment"
    # from exercise and from cold, to heat and to stretch
    assert count_paths(capsys, "Cause", "--metapath", metapath, *TOY) == 4
    code, _, err = run(capsys, "paths", "Cause", "--metapath", metapath, "--to", "heat", *TOY)
    assert code == 2
    assert "either metapath" in one_line_error(err)


def test_paths_text_is_str_of_each_path(capsys: pytest.CaptureFixture[str]) -> None:
    toy = sg.load(TOY_FILE, layers=["schema"])
    expected = [str(p) for p in toy.paths("exercise", "Treatment")]
    code, out, _ = run(capsys, "paths", "exercise", *TOY)
    assert code == 0
    assert out == "".join(f"{text}\n" for text in expected)


def test_paths_explain_and_order(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "paths", "exercise", "--order", "evidence", "--explain", *TOY)
    assert code == 0
    blocks = out.strip().split("\n\n")
    assert len(blocks) == 5
    assert blocks[0].splitlines()[0] == "exercise → tension → heat"
    assert "       evidence: supported" in blocks[0]


def test_paths_truncation_is_noted(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "paths", "exercise", "--limit", "1", *TOY)
    assert code == 0
    assert "raise --limit" in err


def test_paths_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "paths", "exercise", "--format", "json", *TOY)
    assert code == 0
    paths = json.loads(out)
    assert len(paths) == 5
    first = paths[0]
    assert first["nodes"] == ["toy:exercise", "toy:tension", "toy:heat"]
    assert first["labels"] == ["exercise", "tension", "heat"]
    step = first["steps"][1]
    assert step["subject"] == "toy:tension"
    assert step["predicate"] == "sg:isCounteractedBy"
    assert step["object"] == "toy:heat"
    assert step["labels"] == {
        "subject": "tension",
        "predicate": "is counteracted by",
        "object": "heat",
    }
    assert step["inverse"] is True
    assert step["asserted"] == ["toy:heat", "sg:actsOn", "toy:tension"]
    assert step["verdict"] == "supported"
    assert step["provenance"] == [
        {
            "source": "toy:doc",
            "source_label": "toy source",
            "locator": "Remedies, item 1",
            "mode": "stated",
            "claim": "toy:c1",
        }
    ]
    assert [len(p["steps"]) for p in paths] == [2, 2, 3, 3, 4]
    unassessed = paths[4]["steps"][2]  # lactate -produces symptom-> pain
    assert (unassessed["verdict"], unassessed["provenance"]) == (None, [])


def test_paths_csv(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "paths", "exercise", "--format", "csv", *TOY)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert tuple(rows[0]) == PATH_CSV_COLUMNS
    assert len(rows) == 2 + 2 + 3 + 3 + 4  # one row per step
    assert [r["path"] for r in rows] == ["1"] * 2 + ["2"] * 2 + ["3"] * 3 + ["4"] * 3 + ["5"] * 4
    assert rows[1]["step"] == "2"
    assert rows[1]["object_label"] == "heat"
    assert rows[1]["verdict"] == "supported"
    assert rows[1]["locator"] == "Remedies, item 1"
    assert rows[1]["mode"] == "stated"
    assert rows[1]["inverse"] == "true"


@pytest.mark.parametrize("fmt", ["text", "json", "csv"])
def test_paths_without_result_exit_1(capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    code, out, err = run(
        capsys, "paths", "cold", "--to", "pill", "--max-hops", "2", *TOY, "--format", fmt
    )
    assert code == 1
    assert "no path found" in err
    if fmt == "json":
        assert json.loads(out) == []


def test_paths_bundled_via_mechanism(capsys: pytest.CaptureFixture[str]) -> None:
    kg = sg.load()
    expected = kg.paths("intense exercise", "Treatment", via=["Mechanism"])
    code, out, _ = run(capsys, "paths", "intense exercise", "--via", "Mechanism")
    assert code == 0
    assert expected
    assert out == "".join(f"{p}\n" for p in expected)


# -- query --------------------------------------------------------------------------------


def test_query_list(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "query", "--list")
    assert code == 0
    for query in sg.list_queries():
        assert f"{query.name}\n    {query.summary}" in out
        for param in query.parameters:
            assert f"--param {param.name}=<{param.type}>" in out


NAMED = ["query", "--name", "mechanisms-of-cause", "--param", "cause=intense exercise"]


def test_query_named_table(capsys: pytest.CaptureFixture[str]) -> None:
    rows = sg.load().query("mechanisms-of-cause", cause="intense exercise")
    code, out, err = run(capsys, *NAMED)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == list(rows.vars)
    assert set(lines[1]) <= {"-", " "}
    assert len(lines) == 2 + len(rows)
    assert "sg:muscle_overload" in out  # IRIs shown as CURIEs
    assert f"{len(rows)} rows" in err


def test_query_named_csv(capsys: pytest.CaptureFixture[str]) -> None:
    rows = sg.load().query("mechanisms-of-cause", cause="intense exercise")
    code, out, _ = run(capsys, *NAMED, "--format", "csv")
    assert code == 0
    table = list(csv.reader(io.StringIO(out)))
    assert table[0] == list(rows.vars)
    assert len(table) == 1 + len(rows)
    assert ["https://w3id.org/spasmgraph/muscle_overload", "muscle overload", "1"] in table


def test_query_named_tsv(capsys: pytest.CaptureFixture[str]) -> None:
    rows = sg.load().query("mechanisms-of-cause", cause="intense exercise")
    code, out, _ = run(capsys, *NAMED, "--format", "tsv")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split("\t") == [f"?{v}" for v in rows.vars]
    assert len(lines) == 1 + len(rows)
    assert "<https://w3id.org/spasmgraph/muscle_overload>\t" in out


def test_query_named_json_is_sparql_results_json(capsys: pytest.CaptureFixture[str]) -> None:
    rows = sg.load().query("mechanisms-of-cause", cause="intense exercise")
    code, out, _ = run(capsys, *NAMED, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data == rows.to_json()
    assert data["head"]["vars"] == list(rows.vars)
    assert data["results"]["bindings"][0]["mechanism"]["type"] == "uri"


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_query_file_select_with_untyped_param(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    rq = write(
        tmp_path,
        "targets.rq",
        "SELECT ?label WHERE { ?cause sg:triggers ?m . ?m rdfs:label ?label } ORDER BY ?label",
    )
    code, out, _ = run(capsys, "query", rq, "--param", "cause=working out", *TOY)
    assert code == 0
    assert out.splitlines()[2:] == ["low oxygen", "tension"]


def test_query_file_with_typed_header(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    rq = write(
        tmp_path,
        "typed.rq",
        "# summary: Treatments acting on a mechanism.\n"
        "# param: mechanism entity The mechanism.\n"
        "SELECT ?t WHERE { ?t sg:actsOn ?mechanism } ORDER BY ?t\n",
    )
    code, out, _ = run(capsys, "query", rq, "--param", "mechanism=tension", *TOY)
    assert code == 0
    assert out.splitlines()[2:] == ["toy:heat", "toy:stretch"]
    code, _, err = run(capsys, "query", rq, *TOY)
    assert code == 2
    assert "needs parameter(s): mechanism" in one_line_error(err)


@pytest.mark.parametrize(("fmt", "expected"), [("table", "true"), ("json", None)])
def test_query_ask(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str, expected: str | None
) -> None:
    rq = write(tmp_path, "ask.rq", "ASK { <https://example.org/toy/heat> a sg:HomeRemedy }")
    code, out, _ = run(capsys, "query", rq, "--format", fmt, *TOY)
    assert code == 0
    if expected is None:
        assert json.loads(out) == {"head": {}, "boolean": True}
    else:
        assert out.strip() == expected


def test_query_construct_prints_turtle(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    rq = write(tmp_path, "c.rq", "CONSTRUCT { ?t sg:actsOn ?m } WHERE { ?t sg:actsOn ?m }")
    code, out, _ = run(capsys, "query", rq, *TOY)
    assert code == 0
    graph = rdflib.Graph().parse(data=out, format="turtle")
    assert len(graph) == 3  # heat>tension, stretch>tension, stretch>lactate


def test_query_timeout_option(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, *NAMED, "--timeout", "0")
    assert code == 0 and "sg:muscle_overload" in out


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "xml"])
def test_query_formats_are_the_library_serializers(
    capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    rows = sg.load().query("mechanisms-of-cause", cause="intense exercise")
    code, out, _ = run(capsys, *NAMED, "--format", fmt)
    assert code == 0
    assert out == rows.serialize(format=fmt)


def test_query_output_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "rows.csv"
    code, out, err = run(capsys, *NAMED, "--format", "csv", "-o", str(target))
    assert (code, out) == (0, "")
    assert str(target) in err
    table = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert ["https://w3id.org/spasmgraph/muscle_overload", "muscle overload", "1"] in table
    assert [p.name for p in tmp_path.iterdir()] == ["rows.csv"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SELECT ?x WHERE { ?x a sg:NoSuchClass }", 1),
        ("CONSTRUCT { ?x a sg:Thing } WHERE { ?x a sg:NoSuchClass }", 1),
        ("ASK { ?x a sg:NoSuchClass }", 0),  # ran and answered: false
        ("SELECT ?x WHERE { ?x a sg:Cause }", 0),
    ],
)
def test_query_empty_result_exits_1_like_paths(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str, expected: int
) -> None:
    rq = write(tmp_path, "q.rq", text)
    code, _, err = run(capsys, "query", rq, *TOY)
    assert code == expected, err


def test_exit_statuses_are_documented(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ([], ["paths"], ["query"]):
        _, out, _ = run(capsys, *command, "--help")
        text = " ".join(out.split())
        assert "1 the command ran but found nothing" in text
        assert "70 internal error" in text


# -- draw ---------------------------------------------------------------------------------

DRAW_MODES = [
    ["--focus", "ibuprofen"],
    ["--focus", "ibuprofen", "--radius", "2"],
    ["--paths", "intense exercise", "--via", "Mechanism"],
    ["--schema"],
    ["--all"],
]


@pytest.mark.parametrize("mode", DRAW_MODES)
def test_draw_dot(capsys: pytest.CaptureFixture[str], tmp_path: Path, mode: list[str]) -> None:
    out_file = tmp_path / "d.dot"
    code, _, err = run(capsys, "draw", *mode, "-o", str(out_file))
    assert code == 0, err
    assert out_file.read_text(encoding="utf-8").startswith("digraph")


@pytest.mark.skipif(not HAS_DOT, reason="Graphviz's dot is not installed")
@pytest.mark.parametrize(
    ("suffix", "magic"), [(".svg", b"<svg"), (".png", b"\x89PNG"), (".pdf", b"%PDF")]
)
def test_draw_rendered(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, suffix: str, magic: bytes
) -> None:
    out_file = tmp_path / f"ibuprofen{suffix}"
    code, _, err = run(capsys, "draw", "--focus", "ibuprofen", "-o", str(out_file))
    assert code == 0, err
    data = out_file.read_bytes()
    assert magic in data[:400]
    assert [p.name for p in tmp_path.iterdir()] == [out_file.name]  # no temporary file left


def test_draw_paths_svg_on_toy(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    suffix = ".svg" if HAS_DOT else ".dot"
    out_file = tmp_path / f"paths{suffix}"
    code, _, _ = run(
        capsys, "draw", "--paths", "exercise", "--to", "Treatment", "-o", str(out_file), *TOY
    )
    assert code == 0
    text = out_file.read_text(encoding="utf-8")
    assert "heat" in text and "stretch" in text


@pytest.mark.parametrize(
    "options",
    [
        ["--min-evidence", "mixed"],
        ["--order", "evidence", "--limit", "2"],
        ["--metapath", "Cause -triggers-> Mechanism <-actsOn- Treatment"],
    ],
)
def test_draw_paths_options_match_paths(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, options: list[str]
) -> None:
    paths = json.loads(run(capsys, "paths", "exercise", *options, *TOY, "--format", "json")[1])
    out_file = tmp_path / "p.dot"
    code, _, err = run(capsys, "draw", "--paths", "exercise", *options, "-o", str(out_file), *TOY)
    assert code == 0, err
    dot = out_file.read_text(encoding="utf-8")
    for label in {label for p in paths for label in p["labels"]}:
        assert label in dot


def test_draw_paths_without_result_exit_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out_file = tmp_path / "none.dot"
    code, _, err = run(
        capsys,
        "draw",
        "--paths",
        "cold",
        "--to",
        "pill",
        "--max-hops",
        "1",
        "-o",
        str(out_file),
        *TOY,
    )
    assert code == 1
    assert "no path found" in err
    assert not out_file.exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--schema", "-o", "{tmp}/x.jpg"], "must end in one of: .dot, .svg, .png, .pdf"),
        (["--schema", "--radius", "2", "-o", "{tmp}/x.dot"], "--radius only applies"),
        (["--focus", "ibuprofen", "--to", "Treatment", "-o", "{tmp}/x.dot"], "--paths FROM"),
        (["--focus", "ibuprofin", "-o", "{tmp}/x.dot"], "did you mean 'ibuprofen'"),
    ],
)
def test_draw_input_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str], message: str
) -> None:
    args = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    code, _, err = run(capsys, "draw", *args)
    assert code == 2
    assert message in one_line_error(err)
    assert list(tmp_path.iterdir()) == []


# -- export -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled() -> sg.KnowledgeGraph:
    return sg.load()


@pytest.mark.parametrize(
    ("fmt", "rdflib_format"),
    [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld"), ("xml", "xml")],
)
def test_export_rdf_round_trips(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    bundled: sg.KnowledgeGraph,
    fmt: str,
    rdflib_format: str,
) -> None:
    out_file = tmp_path / f"graph.{fmt}"
    code, out, err = run(capsys, "export", "--format", fmt, "-o", str(out_file))
    assert code == 0
    assert out == ""
    assert str(out_file) in err
    graph = rdflib.Graph().parse(out_file, format=rdflib_format)
    assert len(graph) == len(bundled)
    assert [p.name for p in tmp_path.iterdir()] == [out_file.name]


def test_export_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    toy = sg.load(TOY_FILE, layers=["schema"])
    code, out, _ = run(capsys, "export", "--format", "nt", "-o", "-", *TOY)
    assert code == 0
    assert len(rdflib.Graph().parse(data=out, format="nt")) == len(toy)


def test_export_toy_counts(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    toy = sg.load(TOY_FILE, layers=["schema"])
    out_file = tmp_path / "toy.ttl"
    code, _, _ = run(capsys, "export", "--format", "ttl", "-o", str(out_file), *TOY)
    assert code == 0
    assert len(rdflib.Graph().parse(out_file, format="turtle")) == len(toy)


def test_export_graphml(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, bundled: sg.KnowledgeGraph
) -> None:
    out_file = tmp_path / "graph.graphml"
    code, _, _ = run(capsys, "export", "--format", "graphml", "-o", str(out_file))
    assert code == 0
    G = nx.read_graphml(out_file)
    view = bundled.to_networkx()
    assert G.number_of_nodes() == view.number_of_nodes()
    assert G.number_of_edges() == view.number_of_edges()
    node = G.nodes["sg:ibuprofen"]
    assert node["label"] == "ibuprofen"
    assert "sg:Medication" in json.loads(node["types"])  # lists are JSON-encoded
    assert "ibuprofen" in json.loads(node["rdfs:label"])
    acts_on = G.get_edge_data("sg:ibuprofen", "sg:muscle_inflammation")
    assert any(d.get("predicate") == "sg:actsOn" and "locator" in d for d in acts_on.values())


def test_export_node_link(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, bundled: sg.KnowledgeGraph
) -> None:
    out_file = tmp_path / "graph.json"
    code, _, _ = run(capsys, "export", "--format", "node-link", "-o", str(out_file))
    assert code == 0
    data = json.loads(out_file.read_text(encoding="utf-8"))
    G = nx.node_link_graph(data, edges="edges")
    view = bundled.to_networkx()
    assert G.number_of_nodes() == view.number_of_nodes()
    assert G.number_of_edges() == view.number_of_edges()
    assert G.nodes["sg:ibuprofen"]["types"] == view.nodes["sg:ibuprofen"]["types"]
    assert "ibuprofen" in G.nodes["sg:ibuprofen"]["rdfs:label"]


def test_export_formats_are_all_tested() -> None:
    assert set(EXPORT_FORMATS) == {"ttl", "nt", "jsonld", "xml", "graphml", "gexf", "node-link"}


@pytest.mark.parametrize(
    ("name", "check"),
    [
        ("g.ttl", lambda p: rdflib.Graph().parse(p, format="turtle")),
        ("g.nt", lambda p: rdflib.Graph().parse(p, format="nt")),
        ("g.jsonld", lambda p: rdflib.Graph().parse(p, format="json-ld")),
        ("g.rdf", lambda p: rdflib.Graph().parse(p, format="xml")),
        ("g.graphml", nx.read_graphml),
        ("g.gexf", nx.read_gexf),
        ("g.json", lambda p: nx.node_link_graph(json.loads(p.read_text()), edges="edges")),
    ],
)
def test_export_format_from_suffix(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, check: object
) -> None:
    out_file = tmp_path / name
    code, _, err = run(capsys, "export", "-o", str(out_file), *TOY)
    assert code == 0, err
    assert check(out_file)  # type: ignore[operator]


def test_export_gexf_matches_the_library(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    toy = sg.load(TOY_FILE, layers=["schema"])
    out_file = tmp_path / "toy.gexf"
    code, _, _ = run(capsys, "export", "--format", "gexf", "-o", str(out_file), *TOY)
    assert code == 0
    G = nx.read_gexf(out_file)
    assert G.number_of_edges() == toy.to_networkx().number_of_edges()
    assert json.loads(G.nodes["toy:pill"]["types"]) == ["sg:Medication"]


def test_export_failure_leaves_no_partial_output(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import spasmgraph._files

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(spasmgraph._files.os, "fsync", disk_full)
    new_file = tmp_path / "new.ttl"
    code, _, err = run(capsys, "export", "-o", str(new_file), *TOY)
    assert code == 2
    line = one_line_error(err)
    assert f"cannot write {str(new_file)!r}: no space left on device" in line
    assert ".tmp" not in line  # the user's path, never the temporary file
    assert list(tmp_path.iterdir()) == []

    old_file = tmp_path / "old.ttl"
    old_file.write_text("previous content", encoding="utf-8")
    code, _, _ = run(capsys, "export", "--format", "ttl", "-o", str(old_file), *TOY)
    assert code == 2
    assert old_file.read_text(encoding="utf-8") == "previous content"
    assert list(tmp_path.iterdir()) == [old_file]


def test_export_keeps_file_permissions_sane(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out_file = tmp_path / "g.nt"
    code, _, _ = run(capsys, "export", "--format", "nt", "-o", str(out_file), *TOY)
    assert code == 0
    umask = os.umask(0)
    os.umask(umask)
    assert out_file.stat().st_mode & 0o777 == 0o644 & ~umask


# -- validate -----------------------------------------------------------------------------


def test_validate_bundled_exit_status_follows_report(
    capsys: pytest.CaptureFixture[str], bundled: sg.KnowledgeGraph
) -> None:
    report = bundled.validate(shacl=False)
    code, out, _ = run(capsys, "validate", "--no-shacl")
    assert code == (0 if report.conforms else 1)
    assert out.splitlines()[0] == str(report).splitlines()[0]
    assert out.strip().endswith("conforms")


def test_validate_with_shacl_json(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("pyshacl")
    code, out, _ = run(capsys, "validate", TOY_FILE, "--format", "json")
    data = json.loads(out)
    assert set(data) == {"conforms", "counts", "issues"}
    assert code == (0 if data["conforms"] else 1)
    assert data["counts"]["errors"] == sum(i["level"] == "error" for i in data["issues"])
    toy = sg.load(TOY_FILE, layers=["schema"])
    assert data == toy.validate().to_dict()


def test_validate_bad_file_exits_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = write(
        tmp_path,
        "bad.ttl",
        "@prefix sg: <https://w3id.org/spasmgraph/> .\nsg:nameless_cause a sg:Cause .\n",
    )
    code, out, _ = run(capsys, "validate", bad, "--no-shacl")
    assert code == 1
    assert "sg:nameless_cause" in out
    assert "missing_label" in out
    assert out.strip().endswith("does not conform")


def test_validate_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "validate", str(tmp_path / "nope.ttl"))
    assert code == 2
    assert "no such file" in one_line_error(err)


def test_validate_says_which_checks_ran(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, err = run(capsys, "validate", TOY_FILE, "--no-shacl")
    assert "checking" in err and "quality rules" in err  # a sign of life before the work
    line = next(line for line in out.splitlines() if line.startswith("checks run:"))
    assert "quality rules" in line
    assert "SHACL (--no-shacl)" in line
    assert "add --reasoning" in line
    _, out, _ = run(capsys, "validate", "--help")
    assert "--no-shacl" in out and "pyshacl" in out


# -- mappings -----------------------------------------------------------------------------


def test_mappings_lists_the_codes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "mappings")
    assert code == 0
    assert out.splitlines()[0].split() == ["entity", "match", "code", "name"]
    assert any(
        line.split()[:3] == ["ibuprofen", "skos:exactMatch", "mesh:D007052"]
        for line in out.splitlines()
    )


def test_mappings_sssom(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "m.sssom.tsv"
    code, _, err = run(capsys, "mappings", "-o", str(target))
    assert code == 0 and str(target) in err
    text = target.read_text(encoding="utf-8")
    assert "subject_id\tsubject_label\tpredicate_id" in text
    assert "mesh:D007052" in text
    code, out, _ = run(capsys, "mappings", "-o", "-")
    assert (code, out) == (0, text)


def test_mappings_none_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "mappings", *TOY)
    assert (code, out) == (1, "")
    assert "no mapping" in err


# -- errors: exit 2 with one line on stderr -----------------------------------------------


CAUSE_HEAT = ["query", "--name", "mechanisms-of-cause", "--param", "cause=heat"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["show", "ibuprofin"], "did you mean 'ibuprofen'"),
        (["paths", "intense exercize"], "did you mean 'intense exercise'"),
        (["paths", "exercise", "--to", "Treatmnt", *TOY], "did you mean"),
        (["paths", "exercise", "--max-hops", "0", *TOY], "max_hops=0"),
        (["paths", "exercise", "--metapath", "Cause =>", *TOY], "cannot parse metapath"),
        (["show", "heat", "--load", "{tmp}/missing.ttl"], "no such file"),
        (["info", "--layers", "schema,bogus"], "unknown layer(s) 'bogus'"),
        (["query", "--name", "no-such-query"], "no named query 'no-such-query'"),
        (["query", "--name", "mechanisms-of-cause", "--param", "cause"], "NAME=VALUE"),
        *(
            ([*CAUSE_HEAT, "--param", f"{word}=1"], f"takes no parameter '{word}'")
            for word in ("cache", "timeout")  # keywords of kg.query, not query parameters
        ),
        (
            ["query", "--name", "mechanisms-of-cause", "--param", "effect=cramp"],
            "takes no parameter 'effect'",
        ),
        (["query", "--name", "mechanisms-of-cause"], "needs parameter(s): cause"),
        (["query", "{tmp}/missing.rq"], "cannot read query file"),
        (["query", "{tmp}/bad.rq"], "invalid SPARQL"),
        (["query", "{tmp}/plain.rq", "--param", "nothing=1"], "has no variable ?nothing"),
        (["query", "{tmp}/update.rq"], "is a SPARQL update"),
        (["query"], "give a query file"),
        (["query", "{tmp}/plain.rq", "--name", "entity-facts"], "not both"),
        (["export", "--format", "ttl", "-o", "{tmp}/no/such/dir/g.ttl"], "no such folder"),
        (["export", "--format", "ttl", "-o", "{tmp}"], "it is a folder"),
        (["export", "-o", "{tmp}/g.txt"], "cannot tell the export format"),
        (["export", "-o", "-"], "name the format with --format"),
        (["draw", "--schema", "-o", "{tmp}/no/such/dir/g.dot"], "no such folder"),
        (["draw", "--schema", "-o", "{tmp}"], "must end in one of"),
        (["query", "{tmp}/plain.rq", "-o", "{tmp}/no/such/dir/r.csv"], "no such folder"),
        (["draw", "--schema", "--min-evidence", "mixed", "-o", "{tmp}/x.dot"], "--paths FROM"),
        (["draw", "--focus", "heat", "--metapath", "Cause", "-o", "{tmp}/x.dot"], "--paths FROM"),
    ],
)
def test_input_errors_exit_2_with_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str], message: str
) -> None:
    write(tmp_path, "bad.rq", "SELECT ?x WHERE { ?x ?p }")
    write(tmp_path, "plain.rq", "SELECT ?x WHERE { ?x a sg:Cause }")
    write(tmp_path, "update.rq", "DELETE WHERE { ?s ?p ?o }")
    args = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    code, out, err = run(capsys, *args)
    assert code == 2
    assert out == ""
    assert message in one_line_error(err)


def test_malformed_load_file_names_file_and_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    broken = write(
        tmp_path, "broken.ttl", "@prefix sg: <https://w3id.org/spasmgraph/> .\nsg:x sg:y\n"
    )
    code, _, err = run(capsys, "info", "--load", broken)
    assert code == 2
    line = one_line_error(err)
    assert "broken.ttl" in line and "line 2" in line


def test_load_json_ld(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    doc = {
        "@context": {
            "sg": "https://w3id.org/spasmgraph/",
            "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
        },
        "@id": "sg:cold_draught",
        "@type": "sg:Cause",
        "rdfs:label": "cold draught",
    }
    path = write(tmp_path, "extra.jsonld", json.dumps(doc))
    code, out, _ = run(capsys, "show", "cold draught", "--load", path, "--layers", "schema")
    assert code == 0
    assert out.startswith("cold draught (sg:cold_draught)")


def test_debug_shows_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--debug", "show", "ibuprofin")
    assert code == 2
    assert "Traceback (most recent call last)" in err
    assert "UnknownEntityError" in err
    assert err.strip().splitlines()[-1].startswith("spasmgraph: error: unknown entity")
    code, _, err = run(capsys, "show", "ibuprofin", "--debug")
    assert code == 2 and "Traceback" in err


def test_internal_error_is_one_line_without_debug(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import spasmgraph.cli.info

    def boom(args: object) -> int:
        raise RuntimeError("something broke")

    monkeypatch.setattr(spasmgraph.cli.info, "run", boom)
    code, _, err = run(capsys, "info")
    assert code == EXIT_INTERNAL == 70
    assert "internal error: RuntimeError: something broke" in one_line_error(err)
    code, _, err = run(capsys, "info", "--debug")
    assert "Traceback" in err


# -- the installed console script, run for real ------------------------------------------


def test_console_script_subprocess() -> None:
    script = Path(sys.executable).parent / "spasmgraph"
    assert script.exists(), "run: pip install -e . (generates the spasmgraph script)"
    proc = subprocess.run(
        [str(script), "paths", "intense exercise", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    paths = json.loads(proc.stdout)
    assert paths and all(p["nodes"][0] == "sg:intense_exercise" for p in paths)
    assert all(p["steps"][-1]["object"] == p["nodes"][-1] for p in paths)


def test_cold_start_imports_no_heavy_modules() -> None:
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "spasmgraph", "paths", "intense exercise"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    imported = {line.split("|")[-1].strip() for line in proc.stderr.splitlines() if "|" in line}
    assert not {"networkx", "pydot", "pandas"} & imported


def test_paths_budget(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "paths", "intense exercise", "--budget", "3")
    assert code == 1 and out == ""
    assert "stopped after 3 extensions" in err and "raise --limit" not in err
    code, _, err = run(capsys, "paths", "intense exercise", "--budget", "0")
    assert code == 2 and "budget must be a positive integer" in err
    code, out, _ = run(capsys, "paths", "intense exercise", "--budget", "100000")
    assert code == 0 and out
