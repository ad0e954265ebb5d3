"""Paths as text, HTML, nested JSON-ready records, JSON and CSV.

The JSON and CSV forms are those of ``spasmgraph paths --format json|csv``. The columnar
forms (one list per column, or one flat dict per path) live in
:mod:`~spasmgraph.paths.columns`; their names are importable from here too.

>>> from spasmgraph.paths import Path, Provenance, Sources, Step
>>> step = Step("ex:heat", "ex:relieves", "ex:pain", "heat", "relieves", "pain",
...             ("ex:heat", "ex:relieves", "ex:pain"), False,
...             Sources([Provenance("ex:doc", "a document", "s. 2", "stated", None)]),
...             "mixed", "therapeutic", 3)
>>> print(to_csv([Path((step,))]), end="")
path,step,subject,subject_label,predicate,predicate_label,object,object_label,inverse,verdict,source,locator,mode,claim
1,1,ex:heat,heat,ex:relieves,relieves,ex:pain,pain,false,mixed,ex:doc,s. 2,stated,
>>> to_json_records([Path((step,))])[0]["weakest_verdict"]
'mixed'
"""

from __future__ import annotations

import csv
import io
import json
import warnings
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

# The columnar names stay importable from here, where they were first defined.
from .columns import (
    DEFAULT_HOP_COLUMNS,
    HOP_COLUMNS,
    check_hop_columns,
    column_names,
    columns_from_blocks,
    dataframe_from_columns,
    records_from_columns,
    to_columns,
)
from .model import Path, Step

if TYPE_CHECKING:
    import pandas

__all__ = [
    "DEFAULT_HOP_COLUMNS",
    "HOP_COLUMNS",
    "PATH_CSV_COLUMNS",
    "check_hop_columns",
    "column_names",
    "columns_from_blocks",
    "records_from_columns",
    "to_columns",
    "to_csv",
    "to_dataframe",
    "to_html",
    "to_json",
    "to_json_records",
    "to_records",
    "to_text",
]

PATH_CSV_COLUMNS: tuple[str, ...] = (
    "path",
    "step",
    "subject",
    "subject_label",
    "predicate",
    "predicate_label",
    "object",
    "object_label",
    "inverse",
    "verdict",
    "source",
    "locator",
    "mode",
    "claim",
)
"""Columns of :func:`to_csv`: one row per step; several provenance records of one step are
joined with ``"|"``."""


def to_text(paths: Iterable[Path], *, explain: bool = False) -> str:
    """One short line (wrapped) per path, or with *explain* one block per path."""
    if explain:
        return "\n\n".join(p.explain() for p in paths)
    return "\n".join(str(p) for p in paths)


def to_html(paths: Iterable[Path], *, truncated: bool = False) -> str:
    """An ordered HTML list of paths, coloured by verdict (what Jupyter shows)."""
    items = "".join(f"<li>{p._repr_html_()}</li>" for p in paths)
    if not items:
        return "<p>no paths</p>"
    more = "<p><i>truncated: raise limit= to see more</i></p>" if truncated else ""
    return f"<ol class='spasmgraph-paths'>{items}</ol>{more}"


def _step_record(step: Step) -> dict[str, Any]:
    return {
        "subject": step.subject,
        "predicate": step.predicate,
        "object": step.object,
        "labels": {
            "subject": step.subject_label,
            "predicate": step.predicate_label,
            "object": step.object_label,
        },
        "inverse": step.inverse,
        "asserted": list(step.asserted),
        "provenance": [
            {
                "source": prov.source,
                "source_label": prov.source_label,
                "locator": prov.locator,
                "mode": prov.mode,
                "claim": prov.claim,
            }
            for prov in step.provenance
        ],
        "verdict": step.verdict,
    }


def to_json_records(paths: Iterable[Path]) -> list[dict[str, Any]]:
    """Each path as a nested, JSON-ready dict: nodes, labels, length, weakest verdict and
    a list of steps, each with its provenance (what :func:`to_json` writes).

    For one flat dict per path use :meth:`PathList.to_records` or
    :func:`~spasmgraph.paths.columns.to_flat_records`.
    """
    return [
        {
            "nodes": list(path.nodes),
            "labels": list(path.labels),
            "length": len(path),
            "weakest_verdict": path.weakest_verdict,
            "steps": [_step_record(step) for step in path.steps],
        }
        for path in paths
    ]


def to_records(paths: Iterable[Path]) -> list[dict[str, Any]]:
    """Deprecated: :func:`to_json_records` (nested), under its former name.

    The name said nothing of the shape, and :meth:`PathList.to_records` gives flat rows.

    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     rows = to_records([])
    >>> rows, caught[0].category.__name__
    ([], 'DeprecationWarning')
    """
    warnings.warn(
        "spasmgraph.paths.to_records is deprecated: use to_json_records for the nested "
        "JSON-ready rows, or PathList.to_records() / to_flat_records for flat ones",
        DeprecationWarning,
        stacklevel=2,
    )
    return to_json_records(paths)


def to_json(paths: Iterable[Path]) -> str:
    """:func:`to_json_records` as indented JSON (UTF-8 text, not ASCII-escaped)."""
    return json.dumps(to_json_records(paths), indent=2, ensure_ascii=False)


def _joined(values: Iterable[str | None]) -> str:
    return " | ".join(v or "" for v in values)


def to_csv(paths: Iterable[Path]) -> str:
    """One CSV row per step, with the header :data:`PATH_CSV_COLUMNS` (``\\n`` line ends)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(PATH_CSV_COLUMNS)
    for n, path in enumerate(paths, 1):
        for i, step in enumerate(path.steps, 1):
            provs = step.provenance
            writer.writerow(
                [
                    n,
                    i,
                    step.subject,
                    step.subject_label,
                    step.predicate,
                    step.predicate_label,
                    step.object,
                    step.object_label,
                    str(step.inverse).lower(),
                    step.verdict or "",
                    _joined(p.source for p in provs),
                    _joined(p.locator for p in provs),
                    _joined(p.mode for p in provs),
                    _joined(p.claim for p in provs),
                ]
            )
    return out.getvalue()


def to_dataframe(columns: dict[str, list[Any]]) -> pandas.DataFrame:
    """Deprecated: :func:`~spasmgraph.paths.columns.dataframe_from_columns`, under its
    former name (it takes columns, where :meth:`PathList.to_dataframe` takes paths)."""
    warnings.warn(
        "spasmgraph.paths.render.to_dataframe is deprecated: use "
        "spasmgraph.paths.dataframe_from_columns",
        DeprecationWarning,
        stacklevel=2,
    )
    return dataframe_from_columns(columns)
