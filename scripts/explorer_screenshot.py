"""Write docs/explorer.png: a screenshot of the HTML explorer, for the README.

Opens the page ``kg.explore()`` writes in Debian's headless Chromium (through Playwright's
Python package, with the system browser: Playwright's own browser download is not
used), highlights the routes from one cause, opens the card of one relation, and saves a
1280x800 screenshot::

    python scripts/explorer_screenshot.py                    # docs/explorer.png
    python scripts/explorer_screenshot.py -o /tmp/shot.png --cause "intense exercise"
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parent.parent


def screenshot(output: Path, cause: str, card: str, width: int = 1280, height: int = 800) -> None:
    """Write the page of the whole graph, routes from *cause* highlighted, as a PNG."""
    from playwright.sync_api import sync_playwright

    import spasmgraph as sg

    with tempfile.TemporaryDirectory() as tmp:
        kg = sg.load()
        paths = kg.paths(cause, "Treatment", via=["Mechanism"])
        page_file = kg.explore(paths=paths).write(Path(tmp) / "explorer.html")
        with sync_playwright() as pw:
            browser = pw.chromium.launch_persistent_context(
                str(Path(tmp) / "profile"),
                executable_path=CHROMIUM,
                args=ARGS,
                headless=True,
                viewport={"width": width, "height": height},
            )
            page = browser.new_page()
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(page_file.as_uri())
            page.wait_for_function("window.spasmgraphExplorer !== undefined")
            page.select_option("#cause", label=_option(page, cause))
            page.wait_for_timeout(300)
            edge = page.evaluate(_FIND_EDGE, [cause, card])
            page.evaluate("id => { window.spasmgraphExplorer.showEdge(id); }", edge)
            page.wait_for_timeout(200)
            page.screenshot(path=str(output))
            browser.close()
    if errors:
        sys.exit("the page logged errors: " + "; ".join(errors))


_FIND_EDGE = """([source, target]) => {
    const app = window.spasmgraphExplorer;
    const id = label => app.data.nodes.find(n => n.label === label).id;
    return app.data.edges.find(e => e.source === id(source) && e.target === id(target)).id;
}"""


def _option(page: object, cause: str) -> str:
    labels: list[str] = page.eval_on_selector_all(  # type: ignore[attr-defined]
        "#cause option", "options => options.map(o => o.textContent)"
    )
    for label in labels:
        if label.startswith(cause + " ("):
            return label
    sys.exit(f"no routes from {cause!r}; causes with routes: {', '.join(labels[1:])}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "docs" / "explorer.png")
    parser.add_argument("--cause", default="intense exercise", help="the cause to highlight")
    parser.add_argument(
        "--card", default="muscle overload", help="the relation from --cause to this node is shown"
    )
    args = parser.parse_args(argv)
    screenshot(args.output, args.cause, args.card)
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
