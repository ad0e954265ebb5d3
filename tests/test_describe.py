"""The entity report of ``spasmgraph show``, as the library function ``describe``."""

from __future__ import annotations

from pathlib import Path

import pytest

import spasmgraph as sg
from spasmgraph.describe import describe

TOY = Path(__file__).parent / "data" / "toy_assessed.ttl"


@pytest.fixture(scope="module")
def assessed() -> sg.KnowledgeGraph:
    return sg.load(TOY, layers=["schema"])


def test_describe_is_what_show_prints(
    assessed: sg.KnowledgeGraph, capsys: pytest.CaptureFixture[str]
) -> None:
    from spasmgraph.cli import main

    assert main(["show", "tension", "--load", str(TOY), "--layers", "schema"]) == 0
    assert capsys.readouterr().out == describe(assessed.index, "tension") + "\n"


def test_describe_takes_any_reference(assessed: sg.KnowledgeGraph) -> None:
    index = assessed.index
    by_label = describe(index, "tension")
    assert describe(index, "toy:tension") == by_label
    assert describe(index, "https://example.org/toy/tension") == by_label
    with pytest.raises(sg.UnknownEntityError, match="did you mean 'tension'"):
        describe(index, "tensoin")


def test_relations_carry_source_and_verdict(assessed: sg.KnowledgeGraph) -> None:
    lines = describe(assessed.index, "tension").splitlines()
    at = lines.index("    heat (toy:heat) --acts on--> tension")
    assert lines[at + 1 : at + 3] == [
        "        source: toy source, Remedies, item 1 (stated); claim toy:c1",
        "        evidence: supported",
    ]


def test_structural_relations_are_not_graded(assessed: sg.KnowledgeGraph) -> None:
    text = describe(assessed.index, "heat")
    at = text.index("heat --has regimen--> ")
    assert text[at:].splitlines()[2] == "        evidence: not graded (a structural relation)"


def test_cautions_are_listed_as_cautions_with_citations(kg: sg.KnowledgeGraph) -> None:
    text = describe(kg.index, "NSAID")
    cautions = kg.cautions("NSAID")
    assert cautions
    assert f"  cautions ({len(cautions)}):" in text
    for caution in cautions:
        assert f"    - {caution}" in text
    assert "caution for" not in text  # not repeated as unsourced relations
    assert "      cited: " in text


def test_treatment_without_caution_says_so(assessed: sg.KnowledgeGraph) -> None:
    assert "none recorded (which does not mean it is safe for everyone)" in describe(
        assessed.index, "heat"
    )


def test_codes_come_from_the_mappings(kg: sg.KnowledgeGraph) -> None:
    lines = describe(kg.index, "ibuprofen").splitlines()
    assert any(line.split()[:3] == ["exact", "match", "mesh:D007052"] for line in lines)


def test_lang_falls_back_to_the_default(kg: sg.KnowledgeGraph) -> None:
    assert describe(kg.index, "ibuprofen", lang="de") == describe(kg.index, "ibuprofen")
    assert describe(kg.index, "ibuprofen", lang="en") == describe(kg.index, "ibuprofen")
