"""The wheel carries the ontology and works from a clean environment outside the repo."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

SCRIPT = """
import spasmgraph as sg, pathlib, sys
assert "site-packages" in sg.__file__, sg.__file__
kg = sg.load()
print(kg.entity("paracetamol").curie)
print(len(kg.paths("intense exercise", "Treatment", via=["Mechanism"])))
print(len(kg.query("remedies-for-cause", cause="intense exercise")))
print(len(sg.list_queries()))
"""


@pytest.mark.slow
def test_wheel_installs_into_clean_venv_and_answers(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)],
        check=True,
    )
    (wheel,) = dist.glob("spasmgraph-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    sources = {
        "spasmgraph/" + str(p.relative_to(ROOT / "src" / "spasmgraph"))
        for p in (ROOT / "src" / "spasmgraph").rglob("*.py")
    }
    assert sources <= set(names), sorted(sources - set(names))
    for member in (
        "spasmgraph/ontology/schema.ttl",
        "spasmgraph/ontology/article.ttl",
        "spasmgraph/ontology/evidence.ttl",
        "spasmgraph/ontology/mappings.ttl",
        "spasmgraph/ontology/shapes.ttl",
        "spasmgraph/ontology/mappings.sssom.tsv",
        "spasmgraph/ontology/queries/remedies-for-cause.rq",
        "spasmgraph/py.typed",
    ):
        assert member in names, member

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], check=True)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    done = subprocess.run(
        [str(python), "-c", SCRIPT], cwd=outside, check=True, capture_output=True, text=True
    )
    curie, n_paths, n_rows, n_queries = done.stdout.split()
    assert curie == "sg:acetaminophen"
    assert int(n_paths) > 0
    assert int(n_rows) > 0
    assert int(n_queries) >= 10


def test_every_subpackage_is_listed_for_the_wheel() -> None:
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    tree = {
        ".".join(p.parent.relative_to(ROOT / "src").parts)
        for p in (ROOT / "src" / "spasmgraph").rglob("__init__.py")
    }
    assert tree | {"spasmgraph.ontology"} == listed
