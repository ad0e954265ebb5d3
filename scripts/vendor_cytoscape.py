"""Refresh, or check, the copy of cytoscape.js that the HTML explorer ships inline.

The explorer (:mod:`spasmgraph.explore`) draws with cytoscape.js, vendored as
``src/spasmgraph/explore/vendor/cytoscape.min.js`` with its licence
(``vendor/cytoscape.LICENSE``) and a record of where it came from (``vendor/VENDOR.json``:
name, version, the npm tarball's integrity and shasum, the file's sha256)::

    python scripts/vendor_cytoscape.py --check          # the vendored file matches VENDOR.json
    python scripts/vendor_cytoscape.py                  # the registry's latest version
    python scripts/vendor_cytoscape.py --version 3.35.0 # a given version

A refresh asks the npm registry with the ordinary client (``npm view``, ``npm pack``),
checks the downloaded tarball against the registry's sha512 integrity and sha1 shasum,
and only then replaces the three files. ``tests/test_explore.py`` runs the check.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

NAME = "cytoscape"
VENDOR = Path(__file__).resolve().parent.parent / "src" / "spasmgraph" / "explore" / "vendor"
FILES = {
    "package/dist/cytoscape.min.js": "cytoscape.min.js",
    "package/LICENSE": "cytoscape.LICENSE",
}


def sha256_of(path: Path) -> str:
    """The hex sha256 of a file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def check(vendor: Path = VENDOR) -> list[str]:
    """Problems with the vendored copy (none when its hash matches ``VENDOR.json``)."""
    record_path = vendor / "VENDOR.json"
    if not record_path.is_file():
        return [f"{record_path} is missing"]
    record = json.loads(record_path.read_text(encoding="utf-8"))
    problems = []
    for name in ("cytoscape.min.js", "cytoscape.LICENSE"):
        if not (vendor / name).is_file():
            problems.append(f"{vendor / name} is missing")
    script = vendor / "cytoscape.min.js"
    if script.is_file() and sha256_of(script) != record.get("sha256"):
        problems.append(f"{script} does not match the sha256 in {record_path}")
    if record.get("name") != NAME or not record.get("version"):
        problems.append(f"{record_path} does not name {NAME} and a version")
    return problems


def _npm(*args: str, cwd: Path | None = None) -> str:
    done = subprocess.run(["npm", *args], cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"npm {' '.join(args)} failed:\n{done.stderr.strip()}")
    return done.stdout


def refresh(version: str | None = None, vendor: Path = VENDOR) -> dict[str, str]:
    """Download *version* (default: the latest) from the registry, verify it, vendor it."""
    spec = f"{NAME}@{version}" if version else NAME
    meta = json.loads(_npm("view", spec, "version", "dist.integrity", "dist.shasum", "--json"))
    if isinstance(meta, list):  # a range: npm lists every match, the newest last
        meta = meta[-1]
    version = meta["version"]
    with tempfile.TemporaryDirectory() as tmp:
        packed = json.loads(_npm("pack", f"{NAME}@{version}", "--json", cwd=Path(tmp)))[0]
        tarball = Path(tmp) / packed["filename"]
        data = tarball.read_bytes()
        integrity = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")
        shasum = hashlib.sha1(data).hexdigest()
        if integrity != meta["dist.integrity"] or shasum != meta["dist.shasum"]:
            sys.exit(f"the tarball of {NAME}@{version} does not match the registry's hashes")
        with tarfile.open(tarball) as tar:
            for member, target in FILES.items():
                handle = tar.extractfile(member)
                if handle is None:
                    sys.exit(f"{member} is missing from {NAME}@{version}")
                (vendor / target).write_bytes(handle.read())
    record = {
        "name": NAME,
        "version": version,
        "license": "MIT",
        "source": f"npm registry, {NAME}@{version}, dist/cytoscape.min.js",
        "integrity": integrity,
        "shasum": shasum,
        "file": "cytoscape.min.js",
        "sha256": sha256_of(vendor / "cytoscape.min.js"),
    }
    (vendor / "VENDOR.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return record


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--version", help="the version to vendor (default: the latest)")
    parser.add_argument("--check", action="store_true", help="only check the vendored copy")
    args = parser.parse_args(argv)
    if args.check:
        problems = check()
        for problem in problems:
            print(problem, file=sys.stderr)
        if not problems:
            print(f"{VENDOR / 'cytoscape.min.js'} matches VENDOR.json")
        return 1 if problems else 0
    record = refresh(args.version)
    print(f"vendored {record['name']} {record['version']} (sha256 {record['sha256']})")
    problems = check()
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
