"""The report on one entity that ``spasmgraph show`` prints.

:func:`describe` lists an entity's types, definition, synonyms and codes in other
vocabularies, then its relations in both directions, each with its source and evidence
verdict, then (for a class) its instances and (for a treatment or drug class) its safety
cautions with the works they cite. Structural relations (classification, membership,
bookkeeping) carry no verdict and say so; cautions are listed as cautions, not as
relations.

>>> from spasmgraph.backends import backend_for
>>> from spasmgraph.index import build_index
>>> from rdflib import Graph
>>> g = Graph().parse(format="turtle", data=(
...     "@prefix sg: <https://w3id.org/spasmgraph/> . "
...     "sg:heat sg:actsOn sg:tension ; "
...     "<http://www.w3.org/2000/01/rdf-schema#label> 'heat'@en . "
...     "sg:actsOn a <http://www.w3.org/2002/07/owl#ObjectProperty> ."))
>>> print(describe(build_index(backend_for(g)), "heat"))  # doctest: +NORMALIZE_WHITESPACE
heat (sg:heat)
  IRI:         https://w3id.org/spasmgraph/heat
  types:       none
  definition:  none
  synonyms:    none
  codes:       none
<BLANKLINE>
  relations from heat (1):
    heat --sg:actsOn--> sg:tension (sg:tension)
        source: none recorded
        evidence: unassessed
<BLANKLINE>
  relations to heat (0):
    none
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from rdflib import Graph, URIRef

from .entities import make_entity, resolve
from .evidence import Caution, cautions
from .index import Index
from .mappings.model import MATCH_PREDICATES, SSSOM
from .paths import Step, relation_step
from .vocab import SG

__all__ = ["codes", "describe"]


def describe(
    index: Index, iri: str | URIRef, lang: str | None = None, *, graph: Graph | None = None
) -> str:
    """A plain-text report on one entity (what ``spasmgraph show`` prints).

    Parameters
    ----------
    index : Index
        The graph's index (``kg.index``).
    iri : str or rdflib.URIRef
        The entity: an IRI, CURIE, label or synonym.
    lang : str, optional
        Preferred language of labels and definitions (default: the index's).

    Returns
    -------
    str
        The report, without a final newline.

    Raises
    ------
    UnknownEntityError
        Nothing matches *iri*; the message names the closest labels.

    Examples
    --------
    >>> import spasmgraph as sg
    >>> kg = sg.load()
    >>> print(describe(kg.index, "ibuprofen").splitlines()[0])
    ibuprofen (sg:ibuprofen)
    """
    node = resolve(index, iri)
    lines = _header(index, node, lang)
    found = cautions(index, node, graph=graph, lang=lang)
    relations = [step for step in _relations(index, node) if not _is_caution(index, step.subject)]
    lines += _relation_lines(index, node, relations, lang)
    if node in index.classes:
        members = index.instances(node)
        names = ", ".join(sorted((index.label(m, lang) for m in members), key=str.casefold))
        lines += ["", f"  instances ({len(members)}, with subclasses): {names or 'none'}"]
    if found or index.is_instance(node, SG.Treatment):
        lines += ["", *_caution_lines(found)]
    return "\n".join(lines)


def _header(index: Index, node: URIRef, lang: str | None) -> list[str]:
    entity = make_entity(index, node)
    label = index.label(node, lang)
    definition = index.text(node, "definition", lang) or entity.definition
    lines = [f"{label} ({entity.curie})"]
    fields = [
        ("IRI", entity.iri),
        ("types", ", ".join(entity.types) or "none"),
        ("definition", definition or "none"),
        ("synonyms", ", ".join(entity.synonyms) or "none"),
    ]
    lines += [f"  {key + ':':<12} {value}" for key, value in fields]
    found_codes = list(codes(index, node, lang))
    if not found_codes:
        return [*lines, f"  {'codes:':<12} none"]
    lines.append("  codes:")
    widths = [max(len(row[i]) for row in found_codes) for i in range(3)]
    for row in found_codes:
        cells = (cell.ljust(w) for cell, w in zip(row, widths, strict=True))
        lines.append(f"    {'  '.join(cells).rstrip()}")
    return lines


def codes(index: Index, node: URIRef, lang: str | None) -> Iterator[tuple[str, str, str]]:
    """(match kind, code, name) for each annotated mapping of *node*, strongest first.

    The mappings are read from the axioms that annotate them (every mapping of the
    bundled mappings layer has one, which holds the code's name).
    """
    shorten = index.curies.shorten
    found = [
        (MATCH_PREDICATES.index(p), shorten(str(o)), p, axioms)
        for (s, p, o), axioms in index.axioms.items()
        if s == node and p in MATCH_PREDICATES
    ]
    for _, code, predicate, axioms in sorted(found, key=lambda f: (f[0], f[1])):
        kind = index.label(predicate, lang)
        if kind == shorten(str(predicate)):  # no label: skos:exactMatch -> exact match
            kind = _words(kind.partition(":")[2])
        names = sorted(str(v) for a in axioms for v in a.get(SSSOM.object_label, ()))
        yield kind, code, names[0] if names else ""


def _words(name: str) -> str:
    """``exactMatch`` -> ``exact match``.

    >>> _words("exactMatch")
    'exact match'
    """
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name).lower()


def _relations(index: Index, node: URIRef) -> list[Step]:
    out = [relation_step(index, node, p, o) for p, o in index.out_edges.get(node, ())]
    inc = [relation_step(index, s, p, node) for p, s in index.in_edges.get(node, ())]
    return out + inc


def _is_caution(index: Index, curie: str) -> bool:
    iri = index.curies.expand(curie)
    return iri is not None and index.is_instance(URIRef(iri), SG.Caution)


def _relation_lines(
    index: Index, node: URIRef, relations: Sequence[Step], lang: str | None
) -> list[str]:
    curie = index.curies.shorten(str(node))
    label = index.label(node, lang)
    outgoing = [step for step in relations if step.subject == curie]
    incoming = [step for step in relations if step.subject != curie]
    lines = ["", f"  relations from {label} ({len(outgoing)}):"]
    for step in outgoing:
        relation = _label(index, step.predicate, lang)
        lines.append(
            f"    {label} --{relation}--> {_label(index, step.object, lang)} ({step.object})"
        )
        lines += _evidence_lines(index, step)
    lines += ["    none"] if not outgoing else []
    lines += ["", f"  relations to {label} ({len(incoming)}):"]
    for step in incoming:
        source = f"{_label(index, step.subject, lang)} ({step.subject})"
        lines.append(f"    {source} --{_label(index, step.predicate, lang)}--> {label}")
        lines += _evidence_lines(index, step)
    lines += ["    none"] if not incoming else []
    return lines


def _label(index: Index, curie: str, lang: str | None) -> str:
    iri = index.curies.expand(curie)
    return curie if iri is None else index.label(URIRef(iri), lang)


def _evidence_lines(index: Index, step: Step) -> list[str]:
    lines = []
    for prov in step.provenance:
        claim = f"; claim {prov.claim}" if prov.claim else ""
        lines.append(f"        source: {prov}{claim}")
    if not step.provenance:
        lines.append("        source: none recorded")
    predicate = index.curies.expand(step.asserted[1])
    kind = None if predicate is None else index.relation_kinds.get(URIRef(predicate))
    if step.verdict is None and kind == SG.StructuralRelation:
        lines.append("        evidence: not graded (a structural relation)")
    else:
        lines.append(f"        evidence: {step.verdict or 'unassessed'}")
    return lines


def _caution_lines(found: Sequence[Caution]) -> list[str]:
    lines = [f"  cautions ({len(found)}):"]
    for caution in found:
        lines.append(f"    - {caution}")
        if caution.definition:
            lines.append(f"      {caution.definition}")
        cited = "; ".join(c.label for c in caution.citations)
        lines.append(f"      cited: {cited or 'no source recorded'}")
    if not found:
        lines.append("    none recorded (which does not mean it is safe for everyone)")
    return lines
