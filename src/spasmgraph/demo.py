"""The demo behind ``bash dev.sh demo``: cause → mechanism → remedy paths, with sources.

Run it with ``python -m spasmgraph.demo [--out DIR]``. For each leading cause the article
names (and potassium deficit), it prints every path cause → mechanism(s) → treatment, each
step with its source, locator, assertion mode and evidence verdict; then the red flags; and
it writes a diagram of the paths to ``DIR/paths.svg`` (or ``.dot`` when Graphviz is missing).
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from .kg import load
from .paths import Path as GraphPath

CAUSES = ("intense exercise", "blood supply deficit", "nerve affection", "potassium deficit")

DISCLAIMER = (
    "Health information, not medical advice. Paths show what a lay article claims, "
    "each step graded against published evidence (mostly on acute non-specific low back pain)."
)


def main(argv: list[str] | None = None) -> int:
    """Print the demo and write its diagram; return the exit code."""
    parser = argparse.ArgumentParser(prog="python -m spasmgraph.demo", description=__doc__)
    parser.add_argument("--out", default="out", help="folder for the diagram (default: out)")
    args = parser.parse_args(argv)

    kg = load()
    print(f"spasmgraph demo: {len(kg)} triples loaded\n{DISCLAIMER}\n")
    everything: list[GraphPath] = []
    for cause in CAUSES:
        paths = kg.paths(cause, "Treatment", via=["Mechanism"], max_hops=4, order="evidence")
        print(f"== {kg.entity(cause).label}: {len(paths)} cause → mechanism → treatment paths")
        for path in paths:
            print(path.explain())
        print()
        everything.extend(paths)  # draw every path printed

    print("== Red flags: seek medical care")
    for flag in kg.red_flags():
        print(f"  [{flag.urgency}] {flag.label}")

    out = Path(args.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        print(f"spasmgraph demo: cannot create {str(out)!r}: {exc.strerror}", file=sys.stderr)
        return 2
    diagram = kg.diagram(paths=everything, title="cause → mechanism → treatment")
    target = out / ("paths.svg" if shutil.which("dot") else "paths.dot")
    diagram.write(target)
    print(f"\nDiagram written to {target}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
