"""``spasmgraph validate [FILES]``: the quality report, SHACL and, optionally, OWL
reasoning, with a line saying which checks ran."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from .common import EXIT_NO_RESULT, EXIT_OK, CliError, load_graph, note, out

if TYPE_CHECKING:
    from ..validation import ValidationReport

__all__ = ["checks_line", "run"]

_NAMES = {
    "quality": "quality rules",
    "shacl": "SHACL",
    "owl_rl": "OWL 2 RL closure",
    "owl_dl": "OWL 2 DL structural check",
    "owlapi": "OWL API DL profile",
    "hermit": "HermiT",
}


def checks_line(report: ValidationReport, *, shacl: bool, reasoning: bool) -> str:
    """Which checks ran, and why the others did not.

    >>> from spasmgraph.validation import ValidationReport
    >>> print(checks_line(ValidationReport(checks=("quality",)), shacl=False, reasoning=False))
    checks run: quality rules; not run: SHACL (--no-shacl), OWL reasoning and the OWL API \
check (add --reasoning)
    """
    ran = [_NAMES.get(name, name) for name in report.checks]
    skipped = []
    if "shacl" not in report.checks:
        why = "--no-shacl" if not shacl else 'needs pyshacl: pip install "spasmgraph[validate]"'
        skipped.append(f"SHACL ({why})")
    if not reasoning:
        skipped.append("OWL reasoning and the OWL API check (add --reasoning)")
    elif "owlapi" not in report.checks:
        skipped.append("OWL API DL profile (needs Java and libowlapi-java)")
    line = f"checks run: {', '.join(ran) or 'none'}"
    return f"{line}; not run: {', '.join(skipped)}" if skipped else line


def run(args: argparse.Namespace) -> int:
    """Print the report; exit 1 if the graph does not conform."""
    for name in args.files:
        if not Path(name).is_file():
            raise CliError(f"cannot validate {name!r}: no such file")
    # With files: the schema (or the --layers asked for) plus the files.
    kg = load_graph(args, files=args.files, default_layers=["schema"] if args.files else None)
    shacl = not args.no_shacl
    stages = ["quality rules", *(["SHACL"] if shacl else []), *(["OWL"] if args.reasoning else [])]
    slow = " (SHACL takes about half a minute on the bundled graph)" if shacl else ""
    note(f"checking {len(kg)} triples: {', '.join(stages)}{slow} ...")
    report = kg.validate(shacl=shacl, reasoning=args.reasoning)
    if args.format == "json":
        out(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        out(str(report))
        out(checks_line(report, shacl=shacl, reasoning=args.reasoning))
        out("conforms" if report.conforms else "does not conform")
    return EXIT_OK if report.conforms else EXIT_NO_RESULT
