"""The HTML explorer in a real browser: Debian's Chromium, headless, driven by Playwright.

``bash dev.sh test`` installs the ``chromium`` package and the ``playwright`` Python
package (the dev group); Playwright's own browser download is never used. Without them
these tests are skipped on a developer's machine, and FAIL when ``CI`` is set.

Each page is opened from a ``file://`` URL with every request, console message, page
error and dialog recorded: a page must load with no console error and no request but
itself.
"""

from __future__ import annotations

import os
import shutil
import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from test_explore import HOSTILE, HOSTILE_DEFINITION, hostile_kg

import spasmgraph as sg

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
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
WIDTH, HEIGHT = 1280, 800


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run on CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One headless Chromium with a fresh profile, for the module."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (pip install playwright)")
    if not Path(CHROMIUM).is_file():
        _unavailable("Chromium is missing (apt-get install chromium)")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile),
            executable_path=CHROMIUM,
            args=ARGS,
            headless=True,
            viewport={"width": WIDTH, "height": HEIGHT},
        )
        yield context
        context.close()


@dataclass
class Opened:
    """A page with what it did: requests, console errors, page errors, dialogs."""

    page: Any
    url: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def js(self, script: str, arg: Any = None) -> Any:
        return self.page.evaluate(script, arg)

    def assert_clean(self) -> None:
        assert self.errors == []
        assert self.dialogs == []
        assert self.requests == [self.url]


@pytest.fixture(scope="module")
def pages(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """``pages(explorer)``: write *explorer* and open it in a new tab."""
    folder = tmp_path_factory.mktemp("pages")
    opened: list[Opened] = []

    def open_page(explorer: sg.explore.Explorer, name: str) -> Opened:
        target = explorer.write(folder / f"{name}.html")
        page = browser.new_page()
        result = Opened(page, target.as_uri())
        page.on("request", lambda r: result.requests.append(r.url))
        page.on("console", lambda m: result.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: result.errors.append(str(e)))

        def dialog(d: Any) -> None:
            result.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", dialog)
        page.goto(result.url)
        page.wait_for_function("window.spasmgraphExplorer !== undefined")
        opened.append(result)
        return result

    yield open_page
    for result in opened:
        result.page.close()


@pytest.fixture(scope="module")
def kg() -> sg.KnowledgeGraph:
    return sg.load()


@pytest.fixture(scope="module")
def whole_page(pages: Any, kg: sg.KnowledgeGraph) -> Opened:
    return pages(kg.explore(), "whole")


@pytest.fixture
def whole(whole_page: Opened) -> Opened:
    """The page of the whole graph, in front (a background tab does not redraw)."""
    whole_page.page.bring_to_front()
    return whole_page


_AFTER_REDRAW = """async (what) => {
    // cytoscape works out what is visible when it next draws: wait for two frames.
    for (let i = 0; i < 2; i++) await new Promise(done => requestAnimationFrame(done));
    const cy = window.spasmgraphExplorer.cy;
    return what === "edges"
        ? cy.edges().filter(e => e.visible()).map(e => e.id())
        : cy.nodes().filter(n => !n.visible()).map(n => n.data("category"));
}"""


def _visible_edges(opened: Opened) -> set[str]:
    return set(opened.js(_AFTER_REDRAW, "edges"))


def test_loads_offline_without_errors(whole: Opened) -> None:
    whole.assert_clean()
    assert whole.js("() => window.spasmgraphExplorer.cy.nodes().length") == len(
        whole.js("() => window.spasmgraphExplorer.data.nodes")
    )
    assert "not medical advice" in whole.page.inner_text(".disclaimer")
    assert whole.page.is_visible(".disclaimer")


def test_search_finds_by_label_synonym_and_without_accents(whole: Opened) -> None:
    whole.page.fill("#search", "paracetamol")
    first = whole.page.locator("#results button").first
    assert first.inner_text().startswith("acetaminophen")
    whole.page.fill("#search", "  INTENSE   exercise ")
    assert whole.page.locator("#results button").first.inner_text().startswith("intense exercise")
    whole.page.fill("#search", "zzzz-nothing")
    assert whole.page.inner_text("#results") == "no match"
    whole.assert_clean()


def test_clicking_a_node_shows_its_card(pages: Any, kg: sg.KnowledgeGraph) -> None:
    opened = pages(kg.explore(focus="ibuprofen"), "ibuprofen")
    node = next(
        n
        for n in opened.js("() => window.spasmgraphExplorer.data.nodes")
        if n["label"] == "ibuprofen"
    )
    box = opened.page.locator("#cy").bounding_box()
    at = opened.js("id => window.spasmgraphExplorer.cy.$id(id).renderedPosition()", node["id"])
    opened.page.mouse.click(box["x"] + at["x"], box["y"] + at["y"])
    assert opened.page.inner_text("#card h2") == "ibuprofen"
    card = opened.page.inner_text("#card")
    assert "Cautions" in card and "NSAID" in card and "medication" in card
    # ... and a relation's card, from the node's card, with its evidence.
    opened.page.locator("#card .relations button", has_text="acts on").first.click()
    assert "Evidence" in opened.page.inner_text("#card")
    assert opened.page.locator("#card a[href^='https://doi.org/']").count() >= 1
    opened.assert_clean()


def test_the_evidence_filter_hides_the_right_edges(whole: Opened) -> None:
    data = whole.js("() => window.spasmgraphExplorer.data")
    rank = {v["key"]: v["rank"] for v in data["style"]["verdicts"]}
    whole.page.select_option("#evidence", str(rank["mixed"]))
    expected = {
        e["id"]
        for e in data["edges"]
        if e["role"] != "relation"
        or e["kind"] == "structural"
        or (e["rank"] is not None and e["rank"] >= rank["mixed"])
    }
    assert _visible_edges(whole) == expected
    assert len(expected) < len(data["edges"])
    assert any(e["kind"] == "structural" for e in data["edges"] if e["id"] in expected)
    whole.page.select_option("#evidence", "")
    assert len(_visible_edges(whole)) == len(data["edges"])
    whole.assert_clean()


def test_the_class_filter_hides_a_class(whole: Opened) -> None:
    whole.page.locator("#classes li", has_text="mechanism").locator("input").uncheck()
    hidden = whole.js(_AFTER_REDRAW, "hidden nodes")
    assert hidden and set(hidden) == {"mechanism"}
    whole.page.locator("#classes li", has_text="mechanism").locator("input").check()


def test_routes_from_a_cause_are_highlighted(whole: Opened, kg: sg.KnowledgeGraph) -> None:
    option = whole.page.locator("#cause option", has_text="intense exercise").inner_text()
    whole.page.select_option("#cause", label=option)
    highlighted = whole.js(
        "() => window.spasmgraphExplorer.cy.nodes('.route').map(n => n.data('label'))"
    )
    expected = {
        label
        for p in kg.paths("intense exercise", "Treatment", via=["Mechanism"])
        for label in p.labels
    }
    assert set(highlighted) == expected
    assert whole.page.locator("#card .routes button").count() == len(
        kg.paths("intense exercise", "Treatment", via=["Mechanism"])
    )
    whole.page.select_option("#cause", "")
    assert whole.js("() => window.spasmgraphExplorer.cy.elements('.route').length") == 0
    whole.assert_clean()


def test_a_hostile_label_stays_text(pages: Any) -> None:
    opened = pages(hostile_kg().explore(), "hostile")
    assert opened.js("() => window.__pwned") is None
    assert opened.js("() => document.querySelectorAll('script').length") == 3
    assert opened.js("() => document.querySelectorAll('img, iframe, object, embed').length") == 0
    opened.page.fill("#search", "evil synonym")  # accents folded: "Ëvîl sÿnonym"
    result = opened.page.locator("#results button").first
    assert result.locator("div").first.text_content() == HOSTILE
    result.click()
    assert opened.page.locator("#card h2").text_content() == HOSTILE
    assert HOSTILE_DEFINITION in (opened.page.locator("#card").text_content() or "")
    opened.page.locator("#card .relations button").first.click()
    card = opened.page.locator("#card")
    assert HOSTILE in (card.text_content() or "")
    assert card.locator("a").count() == 0  # the javascript: citation is no link
    option = opened.page.locator("#cause option", has_text="window.__pwned").inner_text()
    opened.page.select_option("#cause", label=option)
    assert opened.js("() => window.__pwned") is None
    opened.assert_clean()


def test_the_notebook_frame_runs_sandboxed(browser: Any, kg: sg.KnowledgeGraph) -> None:
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.set_content(kg.explore(focus="ibuprofen")._repr_html_())
    frame = page.frame_locator("iframe.spasmgraph-explorer")
    assert frame.locator("h1").inner_text().startswith("spasmgraph")
    assert frame.locator("#status").inner_text().startswith("Showing")
    assert errors == []
    page.close()


def test_a_screenshot(whole: Opened, tmp_path: Path) -> None:
    shot = tmp_path / "explorer.png"
    whole.page.screenshot(path=str(shot))
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (WIDTH, HEIGHT)
    assert len(data) > 30_000
    # The layout fits the window: nothing scrolls sideways at 1280x800.
    assert whole.js("() => document.documentElement.scrollWidth") <= WIDTH
    box = whole.page.locator("#cy").bounding_box()
    assert box["width"] > WIDTH / 3 and box["height"] > HEIGHT / 2
