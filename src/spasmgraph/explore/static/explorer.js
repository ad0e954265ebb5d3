/* spasmgraph explorer: the app of the page that spasmgraph.explore writes.
 *
 * It reads the page's data (JSON in #sg-data), draws it with cytoscape.js and wires the
 * controls. Every text from the data is inserted with textContent, never as HTML, and
 * links are made only for https: and http: URLs. */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("sg-data").textContent);
  var style = data.style;
  var categories = {};
  style.categories.forEach(function (c) { categories[c.name] = c; });
  var edgeStyles = {};
  style.verdicts.concat(style.others).forEach(function (s) { edgeStyles[s.key] = s; });
  var nodes = {};
  data.nodes.forEach(function (n) { nodes[n.id] = n; });
  var edges = {};
  data.edges.forEach(function (e) { edges[e.id] = e; });
  var causes = {};
  data.causes.forEach(function (c) { causes[c.id] = c; });
  var $ = function (id) { return document.getElementById(id); };

  // -- small DOM helpers: text only --------------------------------------------------
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  function add(parent) {
    for (var i = 1; i < arguments.length; i++) { if (arguments[i]) { parent.appendChild(arguments[i]); } }
    return parent;
  }
  function safeUrl(url) {
    if (typeof url !== "string") { return null; }
    try {
      var parsed = new URL(url);
      return (parsed.protocol === "https:" || parsed.protocol === "http:") ? parsed.href : null;
    } catch (err) { return null; }
  }
  function link(url, text) {
    var href = safeUrl(url);
    if (!href) { return el("span", text); }
    var a = el("a", text);
    a.href = href;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }
  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[\s_]+/g, " ").trim().toLowerCase();
  }
  function badge(key) {
    var s = edgeStyles[key] || edgeStyles["not assessed"];
    var b = el("span", s.label, "badge");
    b.style.backgroundColor = s.colour;
    return b;
  }

  // -- the graph ---------------------------------------------------------------------
  var HOUSE = "-1 -0.1 0 -1 1 -0.1 1 1 -1 1";
  function nodeElement(n) {
    var c = categories[n.category] || style.categories[style.categories.length - 1];
    var lines = Math.max(1, Math.ceil(n.label.length * 7 / 118));
    return { group: "nodes", data: {
      id: n.id, label: n.label, category: n.category, fill: c.fill, border: c.border,
      shape: c.cy_shape === "house" ? "polygon" : c.cy_shape,
      borderStyle: c.cy_border, borderWidth: c.cy_border === "double" ? 4 : 1.6,
      w: Math.min(132, Math.max(50, n.label.length * 7 + 16)), h: 18 + lines * 15
    } };
  }
  function edgeElement(e) {
    var s = edgeStyles[e.style] || edgeStyles["not assessed"];
    return { group: "edges", data: {
      id: e.id, source: e.source, target: e.target, label: e.label, colour: s.colour,
      line: s.line === "bold" ? "solid" : s.line, width: s.width * 1.3,
      fill: s.arrowhead === "empty" ? "hollow" : "filled"
    } };
  }
  var cyStyle = [
    { selector: "node", style: {
      "shape": "data(shape)", "shape-polygon-points": HOUSE, "background-color": "data(fill)",
      "border-color": "data(border)", "border-width": "data(borderWidth)",
      "border-style": "data(borderStyle)", "label": "data(label)", "width": "data(w)",
      "height": "data(h)", "font-size": 12, "text-wrap": "wrap", "text-max-width": 118,
      "text-valign": "center", "text-halign": "center", "color": "#1f2328"
    } },
    { selector: "edge", style: {
      "curve-style": "bezier", "line-color": "data(colour)", "target-arrow-color": "data(colour)",
      "target-arrow-shape": "triangle", "target-arrow-fill": "data(fill)",
      "line-style": "data(line)", "width": "data(width)", "arrow-scale": 0.9,
      "font-size": 9, "text-rotation": "autorotate", "text-background-color": "#fff",
      "text-background-opacity": 0.85, "text-background-padding": 1, "color": "#333",
      "text-margin-y": -7,
      "label": data.edges.length <= 40 ? "data(label)" : ""
    } },
    { selector: "node.focus", style: { "border-width": 4, "font-weight": "bold" } },
    { selector: ".faded", style: { "opacity": 0.12 } },
    { selector: "node.route", style: { "border-width": 3, "border-color": "#1f2328",
      "underlay-color": "#f0c000", "underlay-opacity": 0.45, "underlay-padding": 6,
      "z-index": 10 } },
    { selector: "edge.route", style: { "width": 4.5, "label": "data(label)", "font-size": 11,
      "z-index": 10 } },
    { selector: "edge:selected", style: { "label": "data(label)", "width": 5, "z-index": 11 } },
    { selector: "node:selected", style: { "overlay-color": "#0072b2", "overlay-opacity": 0.25 } },
    { selector: ".hidden-class, .hidden-evidence", style: { "display": "none" } }
  ];

  // Built-in layouts only: rings by category (causes inside, treatments outside) for the
  // graph, rings by distance for a focus, left-to-right layers for paths.
  function layout() {
    var base = { animate: false, padding: 16 };
    if (data.mode === "paths") {
      var roots = cy.nodes().filter(function (n) { return n.indegree(false) === 0; });
      return Object.assign(base, { name: "breadthfirst", directed: true, roots: roots,
        spacingFactor: 1, transform: function (n, p) { return { x: p.y * 1.35, y: p.x * 1.1 }; } });
    }
    var ring = {};
    var focus = cy.nodes(".focus");
    if (focus.length) {
      cy.elements().bfs({ roots: focus, directed: false,
        visit: function (v, e, u, i, depth) { ring[v.id()] = -depth; } });
    } else {
      cy.nodes().forEach(function (n) {
        var c = categories[n.data("category")];
        ring[n.id()] = n.degree(false) ? -(c ? c.level : 4) : -9;
      });
    }
    return Object.assign(base, { name: "concentric", levelWidth: function () { return 1; },
      concentric: function (n) { return ring[n.id()] === undefined ? -99 : ring[n.id()]; },
      minNodeSpacing: 6, avoidOverlap: true });
  }

  $("title").textContent = data.title;
  if (typeof window.cytoscape !== "function") {
    $("cy").textContent = "The graph library did not load.";
    return;
  }
  var cy = window.cytoscape({
    container: $("cy"),
    elements: data.nodes.map(nodeElement).concat(data.edges.map(edgeElement)),
    style: cyStyle,
    minZoom: 0.05,
    maxZoom: 4
  });
  data.nodes.forEach(function (n) { if (n.highlighted && data.mode === "focus") { cy.$id(n.id).addClass("focus"); } });
  function arrange() {
    cy.resize();
    cy.layout(layout()).run();
    cy.fit(undefined, 16);
    if (cy.zoom() > 1.5) { cy.zoom(1.5); cy.center(); }
  }
  arrange();
  if (typeof window.ResizeObserver === "function") {
    new window.ResizeObserver(function () { cy.resize(); }).observe($("cy"));
  }

  // -- cards -------------------------------------------------------------------------
  var card = $("card");
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
  function section(title, items, cls) {
    if (!items || !items.length) { return null; }
    var frag = document.createDocumentFragment();
    add(frag, el("h3", title));
    var ul = el("ul", null, cls);
    items.forEach(function (item) { add(ul, item); });
    return add(frag, ul);
  }
  function citations(list) {
    if (!list || !list.length) { return null; }
    var p = el("p", "Cited: ", "hint");
    list.forEach(function (c, i) {
      if (i) { add(p, document.createTextNode("; ")); }
      var text = c.label + (c.year && String(c.label).indexOf(String(c.year)) < 0 ? " (" + c.year + ")" : "");
      add(p, link(c.url, text));
    });
    return p;
  }
  function flagItem(f) {
    var li = add(el("li"), el("span", "[" + f.urgency + "] ", "urgent"), el("span", f.label));
    if (f.care && f.care.length) { add(li, el("div", f.care.join("; "), "hint")); }
    return li;
  }
  function edgeButton(e, from) {
    var other = nodes[e.source === from ? e.target : e.source];
    var arrow = e.source === from ? "\u2192 " + e.label + " \u2192 " : "\u2190 " + e.label + " \u2190 ";
    var b = add(el("button", arrow + other.label + " "), badge(e.style));
    b.type = "button";
    b.addEventListener("click", function () { selectEdge(e.id); });
    return add(el("li"), b);
  }
  function showNode(id) {
    var n = nodes[id];
    clear(card);
    add(card, el("h2", n.label), el("p", n.category + " \u00b7 " + n.curie, "meta"));
    if (n.url) { add(card, add(el("p", "", "meta"), link(n.url, n.iri))); }
    if (n.definition) { add(card, el("p", n.definition)); }
    add(card, section("Types", n.types.map(function (t) { return el("li", t); })));
    add(card, section("Synonyms", n.synonyms.map(function (s) { return el("li", s); })));
    if (n.codes.length) {
      var table = el("table", null, "codes");
      n.codes.forEach(function (c) { add(table, add(el("tr"), el("td", c[0]), el("td", c[1]), el("td", c[2]))); });
      add(card, el("h3", "Codes"), table);
    }
    add(card, section("Cautions", n.cautions.map(function (c) {
      return add(el("li"), el("strong", "[" + c.kind + "] " + c.label), el("div", c.definition),
                 el("div", "applies to " + c.applies_to, "hint"), citations(c.citations));
    })));
    add(card, section("Red flags", n.red_flags.map(flagItem)));
    var rel = data.edges.filter(function (e) { return e.source === id || e.target === id; });
    add(card, section("Relations shown", rel.map(function (e) { return edgeButton(e, id); }), "relations"));
  }
  function showEdge(id) {
    var e = edges[id];
    clear(card);
    add(card, el("h2", nodes[e.source].label + " \u2014" + e.label + "\u2192 " + nodes[e.target].label));
    var meta = add(el("p", "", "meta"), badge(e.style), el("span", " " + (e.kind || e.role) + " relation \u00b7 " + e.predicate));
    add(card, meta);
    if (e.asserted) { add(card, el("p", "Stated as: " + e.asserted.join(" \u2014 "), "hint")); }
    if (e.kind === "structural" || e.role !== "relation") {
      add(card, el("p", "A structural relation: it carries no evidence verdict.", "hint"));
    }
    add(card, section("Sources", e.provenance.map(function (p) {
      var text = [p.source, p.locator].filter(Boolean).join(", ") || "unknown source";
      return el("li", p.mode ? text + " (" + p.mode + ")" : text);
    })));
    add(card, section("Evidence", e.assessments.map(function (a) {
      return add(el("li"), badge(a.verdict || "not assessed"), el("div", a.rationale),
                 a.claim ? el("div", "Claim: " + a.claim, "hint") : null, citations(a.citations));
    })));
    if (!e.assessments.length && e.kind !== "structural" && e.role === "relation") {
      add(card, el("p", "No evidence assessment is recorded for this relation.", "hint"));
    }
  }
  function selectNode(id) {
    var n = cy.$id(id);
    if (!n.length) { return; }
    cy.elements().unselect();
    n.removeClass("hidden-class").select();
    cy.animate({ center: { eles: n }, zoom: Math.max(cy.zoom(), 1) }, { duration: 250 });
    showNode(id);
  }
  function selectEdge(id) {
    cy.elements().unselect();
    cy.$id(id).select();
    showEdge(id);
  }
  cy.on("tap", "node", function (evt) { showNode(evt.target.id()); });
  cy.on("tap", "edge", function (evt) { showEdge(evt.target.id()); });

  // -- search ------------------------------------------------------------------------
  var index = data.nodes.map(function (n) {
    return { id: n.id, label: fold(n.label), names: n.synonyms.map(fold), curie: fold(n.curie) };
  });
  function search(text) {
    var q = fold(text);
    if (!q) { return []; }
    var hits = [];
    index.forEach(function (e) {
      var score = e.label === q ? 0 : e.label.indexOf(q) === 0 ? 1 : e.label.indexOf(q) >= 0 ? 2 :
        e.names.some(function (s) { return s.indexOf(q) >= 0; }) ? 3 : e.curie.indexOf(q) >= 0 ? 4 : -1;
      if (score >= 0) { hits.push([score, nodes[e.id].label, e.id]); }
    });
    hits.sort(function (a, b) { return a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0); });
    return hits.slice(0, 12).map(function (h) { return h[2]; });
  }
  var results = $("results");
  $("search").addEventListener("input", function () {
    clear(results);
    var text = this.value;
    var found = search(text);
    found.forEach(function (id) {
      var n = nodes[id];
      var b = add(el("button"), el("div", n.label));
      var synonym = n.synonyms.filter(function (s) { return fold(s).indexOf(fold(text)) >= 0; })[0];
      add(b, el("div", synonym ? "also: " + synonym : n.category, "sub"));
      b.type = "button";
      b.addEventListener("click", function () { selectNode(id); });
      add(results, add(el("li"), b));
    });
    if (text.trim() && !found.length) { add(results, el("li", "no match", "hint")); }
  });
  $("search").addEventListener("keydown", function (evt) {
    if (evt.key === "Enter") { var first = search(this.value)[0]; if (first) { selectNode(first); } }
  });

  // -- filters -------------------------------------------------------------------------
  var status = $("status");
  function updateStatus() {
    var shown = cy.edges().filter(function (e) { return e.visible(); }).length;
    status.textContent = "Showing " + shown + " of " + data.edges.length + " relations, " +
      cy.nodes().filter(function (n) { return n.visible(); }).length + " of " + data.nodes.length + " nodes.";
  }
  style.legend.forEach(function (entry) {
    var li = el("li");
    if (entry.what === "node") {
      var c = categories[entry.key];
      var box = el("input");
      box.type = "checkbox";
      box.checked = true;
      box.setAttribute("aria-label", "show " + entry.label);
      box.addEventListener("change", function () {
        cy.nodes().filter(function (n) { return n.data("category") === entry.key; })
          .toggleClass("hidden-class", !box.checked);
        updateStatus();
      });
      var swatch = el("span", null, "swatch");
      swatch.style.backgroundColor = c.fill;
      swatch.style.borderColor = c.border;
      swatch.style.borderStyle = c.cy_border === "double" ? "double" : c.cy_border;
      add($("classes"), add(li, box, swatch, el("span", entry.label)));
    } else {
      var s = edgeStyles[entry.key];
      var stroke = el("span", null, "stroke");
      stroke.style.borderTopColor = s.colour;
      stroke.style.borderTopStyle = s.line === "bold" ? "solid" : s.line;
      stroke.style.borderTopWidth = s.line === "bold" ? "0.3rem" : "0.18rem";
      add($("edge-legend"), add(li, stroke, el("span", entry.label)));
    }
  });
  style.verdicts.forEach(function (v) {
    if (v.rank === null || v.rank === undefined) { return; }
    var option = el("option", "at least " + v.label);
    option.value = String(v.rank);
    add($("evidence"), option);
  });
  function graded(e) { return e.role === "relation" && e.kind !== "structural"; }
  function passes(e, minimum) { return !graded(e) || (e.rank !== null && e.rank >= minimum); }
  $("evidence").addEventListener("change", function () {
    var minimum = this.value === "" ? null : Number(this.value);
    data.edges.forEach(function (e) {
      cy.$id(e.id).toggleClass("hidden-evidence", minimum !== null && !passes(e, minimum));
    });
    updateStatus();
  });

  // -- routes from a cause --------------------------------------------------------------
  function highlight(routes) {
    cy.elements().removeClass("route").addClass("faded");
    routes.forEach(function (r) {
      r.nodes.concat(r.edges).forEach(function (id) { cy.$id(id).removeClass("faded").addClass("route"); });
    });
  }
  function unhighlight() { cy.elements().removeClass("route faded"); }
  data.causes.forEach(function (c) {
    var option = el("option", c.label + " (" + c.paths.length + ")");
    option.value = c.id;
    add($("cause"), option);
  });
  $("cause").addEventListener("change", function () {
    if (!this.value) { unhighlight(); return; }
    var c = causes[this.value];
    highlight(c.paths);
    clear(card);
    add(card, el("h2", "Routes from " + c.label), el("p", "cause \u2192 mechanism \u2192 treatment, shortest first; the badge is the weakest step's verdict.", "meta"));
    var ul = el("ul", null, "routes");
    c.paths.forEach(function (r) {
      var b = add(el("button", r.labels.join(" \u2192 ") + " "), badge(r.weakest || "not assessed"));
      b.type = "button";
      b.addEventListener("click", function () { highlight([r]); });
      add(ul, add(el("li"), b));
    });
    add(card, ul);
    cy.fit(cy.elements(".route"), 40);
  });

  // -- the rest ---------------------------------------------------------------------------
  data.red_flags.forEach(function (f) { add($("flag-list"), flagItem(f)); });
  if (!data.red_flags.length) { $("flags").hidden = true; }
  $("fit").addEventListener("click", function () { cy.fit(undefined, 20); });
  $("reset").addEventListener("click", function () {
    unhighlight();
    $("cause").value = "";
    $("evidence").value = "";
    cy.elements().removeClass("hidden-evidence hidden-class").unselect();
    document.querySelectorAll("#classes input").forEach(function (b) { b.checked = true; });
    arrange();
    updateStatus();
  });
  updateStatus();
  window.spasmgraphExplorer = Object.freeze({
    cy: cy, data: data, search: search, selectNode: selectNode, selectEdge: selectEdge,
    showNode: showNode, showEdge: showEdge
  });
}());
