// claimkb network viewer for large networks: sigma.js (WebGL) over graphology, laid out by
// ForceAtlas2 in a web worker. Data: the compact JSON in #network-data (kb/viewer.py).
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("network-data").textContent);
  var N = data.nodes.length;
  // Node columns: [id, kind, label, status, level, article, citations, text, section title]
  var ID = 0, KIND = 1, LABEL = 2, STATUS = 3, LEVEL = 4, ARTICLE = 5, CITES = 6, TEXT = 7,
      SECTION = 8;
  var kinds = data.kinds, statuses = data.statuses, levels = data.levels;
  var articles = data.articles, relations = data.relations;
  var CLAIM = kinds.indexOf("claim"), SOURCE = kinds.indexOf("source"),
      ARTICLE_KIND = kinds.indexOf("article");
  var CITES_REL = relations.indexOf("cites"), CONTAINS_REL = relations.indexOf("contains");
  // Past this, containment edges (article to claim) are left out of the drawing: they are
  // what the clusters show, and 100,000 of them are a grey haze.
  var big = N > 10000;
  // One article contains every node: its containment edges would pull them all to its middle
  // (a star hiding which claims cite which sources), so they are left out of layout and
  // drawing, and the sources gather the claims that cite them.
  var contained = articles.length > 1;

  function el(tag, text, attrs) {
    var e = document.createElement(tag);
    if (text !== undefined) { e.textContent = text; }
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }
  function nodeSize(row) {
    // Pixels at the whole-network view: small when there are many, so clusters show.
    if (row[KIND] === ARTICLE_KIND) { return big ? 4 : 9; }
    return big ? 1 + 0.5 * Math.sqrt(row[CITES]) : 2 + 1.2 * Math.sqrt(row[CITES]);
  }
  var colourBy = "status";
  function nodeColour(row) {
    if (row[KIND] === CLAIM) {
      if (colourBy === "level") { return row[LEVEL] >= 0 ? data.level_colours[row[LEVEL]] : "#ffffff"; }
      return row[STATUS] >= 0 ? data.status_colours[row[STATUS]] : "#ffffff";
    }
    if (row[LEVEL] >= 0) { return data.level_colours[row[LEVEL]]; }
    return data.article_colour;
  }

  // Start from clusters: each article's nodes scattered around the article, the articles on a
  // sunflower spiral, biggest first, each taking room for its nodes (the spiral's radius grows
  // with the square root of the nodes placed so far), so a long article overlaps no other.
  // ForceAtlas2 then pulls cited sources and their claims together inside each cluster.
  var members = articles.map(function () { return 0; });
  data.nodes.forEach(function (row) { if (row[ARTICLE] >= 0) { members[row[ARTICLE]] += 1; } });
  var mean = N / Math.max(1, articles.length);
  var scale = (3 * Math.sqrt(mean) + 10) / Math.sqrt(mean);
  var golden = Math.PI * (3 - Math.sqrt(5));
  var seed = 1;
  function random() { seed = (seed * 16807) % 2147483647; return seed / 2147483647; }
  var centres = articles.map(function () { return [0, 0]; }), placed = 0;
  articles.map(function (_, a) { return a; })
    .sort(function (x, y) { return members[y] - members[x] || x - y; })
    .forEach(function (a, k) {
      var r = scale * Math.sqrt(placed + members[a] / 2), t = k * golden;
      centres[a] = [r * Math.cos(t), r * Math.sin(t)];
      placed += members[a];
    });

  var graph = new graphology.Graph({ type: "directed", multi: false, allowSelfLoops: false });
  data.nodes.forEach(function (row, i) {
    var a = row[ARTICLE], centre = a >= 0 ? centres[a] : [0, 0];
    var spread = 2 * Math.sqrt(a >= 0 ? members[a] : mean);
    var r = row[KIND] === ARTICLE_KIND ? 0 : spread * Math.sqrt(random()), t = 2 * Math.PI * random();
    graph.addNode(String(i), {
      x: centre[0] + r * Math.cos(t), y: centre[1] + r * Math.sin(t),
      size: nodeSize(row), color: nodeColour(row), label: row[LABEL]
    });
  });
  data.edges.forEach(function (e) {
    var s = String(e[0]), t = String(e[1]), containment = e[2] === CONTAINS_REL;
    if ((contained || !containment) && !graph.hasEdge(s, t)) {
      graph.addEdge(s, t, { size: containment ? 0.3 : 0.5, color: containment ? "#dddddd" : "#999999",
                            relation: e[2], hidden: big && containment });
    }
  });

  // Filters: what the checkboxes, the article menu and the citation floor keep.
  var visible = new Uint8Array(N).fill(1);
  function checked(id) {
    var set = {};
    document.querySelectorAll("#" + id + " input").forEach(function (box) {
      if (box.checked) { set[box.value] = true; }
    });
    return set;
  }
  function applyFilters() {
    var st = checked("status-filter"), lv = checked("level-filter");
    var allLevels = Object.keys(lv).length === levels.length;
    var article = Number(document.getElementById("article-filter").value);
    var floor = Number(document.getElementById("min-citations").value) || 0;
    var shown = 0;
    for (var i = 0; i < N; i++) {
      var row = data.nodes[i], keep = article < 0 || row[ARTICLE] === article;
      if (row[KIND] === CLAIM) {
        keep = keep && st[row[STATUS]] && (allLevels || lv[row[LEVEL]]);
      } else if (row[KIND] === SOURCE) {
        keep = keep && (allLevels || lv[row[LEVEL]]) && row[CITES] >= floor;
      }
      visible[i] = keep ? 1 : 0;
      shown += visible[i];
    }
    document.getElementById("counts").textContent =
      shown.toLocaleString("en") + " of " + N.toLocaleString("en") + " nodes shown";
    renderer.refresh();
  }

  var selected = null;
  // Past 10,000 nodes, nodes are drawn as points and edges as lines, one draw call each: the
  // default circles and rectangles draw one instance per node or edge, which costs a software
  // renderer (a browser with no GPU, as in headless tests) seconds per frame at 80,000 nodes.
  var programs = big ? {
    nodeProgramClasses: { circle: Sigma.rendering.NodePointProgram },
    edgeProgramClasses: { line: Sigma.rendering.EdgeLineProgram }
  } : {};
  var renderer = new Sigma(graph, document.getElementById("graph"), Object.assign({
    hideEdgesOnMove: N > 20000,
    labelRenderedSizeThreshold: 8,
    defaultEdgeType: "line",
    zIndex: true,
    nodeReducer: function (node, attrs) {
      if (!visible[node]) { return Object.assign({}, attrs, { hidden: true }); }
      if (node === selected) {
        return Object.assign({}, attrs, { highlighted: true, zIndex: 2, forceLabel: true });
      }
      return attrs;
    },
    edgeReducer: function (edge, attrs) {
      var ends = graph.extremities(edge);
      if (!visible[ends[0]] || !visible[ends[1]]) { return Object.assign({}, attrs, { hidden: true }); }
      return attrs;
    }
  }, programs));

  // ForceAtlas2 in a web worker, for a time that grows with the network, or until stopped.
  // Articles stay where they were seeded (FA2 moves no "fixed" node): they anchor their
  // claims and sources, so the clusters cannot mix. Gravity (strong: it grows with the
  // distance, as the repulsion of a disc of nodes does) is set so the equilibrium radius of
  // the whole network, sqrt(scalingRatio * total mass / gravity), is the radius it was seeded
  // at; too little and the outer clusters are pushed out in streaks, too much and they are
  // squeezed into one disc. A node's mass in ForceAtlas2 is its degree + 1.
  var mass = 0, radius = scale * Math.sqrt(placed);
  graph.forEachNode(function (node) {
    mass += graph.degree(node) + 1;
    if (data.nodes[node][KIND] === ARTICLE_KIND) { graph.setNodeAttribute(node, "fixed", true); }
  });
  var settings = graphologyFA2.forceAtlas2.inferSettings(graph);
  settings.linLogMode = false;
  settings.outboundAttractionDistribution = false;
  settings.strongGravityMode = true;
  settings.scalingRatio = 1;
  settings.gravity = articles.length > 1 ? settings.scalingRatio * mass / (radius * radius) : 0.05;
  settings.slowDown = 10;
  var layout = new graphologyFA2.FA2Layout(graph, { settings: settings });
  var layoutState = document.getElementById("layout-state");
  var toggle = document.getElementById("layout-toggle");
  // The layout's time is counted from its first step, not from its start: on a slow machine
  // the worker's first step over a large network can take longer than the whole allowance.
  var layoutTimer = null, layoutBegun = false;
  graph.on("eachNodeAttributesUpdated", function () {
    if (!layoutBegun || !layout.isRunning()) { return; }
    layoutBegun = false;
    layoutTimer = setTimeout(stopLayout, Math.min(60000, 5000 + N / 5));
  });
  function startLayout() {
    clearTimeout(layoutTimer);
    layoutBegun = true;
    layout.start();
    toggle.textContent = "Stop layout";
    layoutState.textContent = "laying out…";
  }
  function stopLayout() {
    layout.stop();
    layoutBegun = false;
    clearTimeout(layoutTimer);
    toggle.textContent = "Run layout";
    layoutState.textContent = "";
  }
  toggle.addEventListener("click", function () { if (layout.isRunning()) { stopLayout(); } else { startLayout(); } });
  document.getElementById("fit").addEventListener("click", function () {
    renderer.getCamera().animatedReset({ duration: 300 });
  });

  // Details panel: the node's text, article and section, and the nodes it cites or is cited by.
  function show(i) {
    var row = data.nodes[i], panel = document.getElementById("details");
    panel.replaceChildren();
    panel.appendChild(el("h2", kinds[row[KIND]] + ": " + row[LABEL]));
    var dl = el("dl");
    function field(name, value) {
      if (value !== undefined && value !== null && value !== "" && value !== -1) {
        dl.appendChild(el("dt", name)); dl.appendChild(el("dd", String(value)));
      }
    }
    field(row[KIND] === CLAIM ? "text" : "title", row[TEXT]);
    field("status", statuses[row[STATUS]]);
    field("evidence level", levels[row[LEVEL]]);
    field("citations", row[CITES]);
    if (row[ARTICLE] >= 0) { field("article", articles[row[ARTICLE]][1]); }
    field("section", row[SECTION]);
    field("IRI", row[ID]);
    panel.appendChild(dl);
    var links = [];
    // Citations both ways, and a projection's links (co-cited, share-sources: symmetric).
    graph.forEachOutEdge(String(i), function (e, a, s, t) {
      if (a.relation !== CONTAINS_REL) { links.push([relations[a.relation], t]); }
    });
    graph.forEachInEdge(String(i), function (e, a, s) {
      if (a.relation === CITES_REL) { links.push(["cited by", s]); }
      else if (a.relation !== CONTAINS_REL) { links.push([relations[a.relation], s]); }
    });
    if (links.length) {
      var only = function (name) { return links.every(function (link) { return link[0] === name; }); };
      panel.appendChild(el("h3", only("cites") ? "Sources" : only("cited by") ? "Cited by" : "Links"));
      var ul = el("ul");
      links.slice(0, 200).forEach(function (link) {
        var li = el("li"), a = el("a", link[0] + " → " + data.nodes[link[1]][LABEL], { tabindex: "0" });
        a.addEventListener("click", function () { focus(Number(link[1])); });
        li.appendChild(a); ul.appendChild(li);
      });
      panel.appendChild(ul);
      if (links.length > 200) { panel.appendChild(el("p", "… and " + (links.length - 200) + " more")); }
    }
  }
  function select(i) { selected = String(i); show(i); renderer.refresh(); }
  function focus(i) {
    select(i);
    var at = renderer.getNodeDisplayData(String(i));
    renderer.getCamera().animate({ x: at.x, y: at.y, ratio: 0.08 }, { duration: 400 });
  }
  renderer.on("clickNode", function (event) { select(Number(event.node)); });
  renderer.on("clickStage", function () { selected = null; renderer.refresh(); });

  // Search: the first 50 matches in claim text, labels and titles; picking one zooms to it.
  var lower = null;
  function search(query) {
    var q = query.trim().toLowerCase(), hits = [];
    if (!q) { return hits; }
    if (lower === null) {
      lower = data.nodes.map(function (row) { return (row[LABEL] + " " + row[TEXT]).toLowerCase(); });
    }
    for (var i = 0; i < N && hits.length < 50; i++) {
      if (visible[i] && lower[i].indexOf(q) >= 0) { hits.push(i); }
    }
    return hits;
  }
  var results = document.getElementById("results"), pending = null;
  function listResults() {
    var hits = search(document.getElementById("search").value);
    results.replaceChildren();
    var q = document.getElementById("search").value.trim();
    document.getElementById("matches").textContent =
      q ? (hits.length === 50 ? "50+ matches" : hits.length + " match" + (hits.length === 1 ? "" : "es")) : "";
    hits.forEach(function (i) {
      var li = el("li", kinds[data.nodes[i][KIND]] + ": " + data.nodes[i][LABEL], { role: "option", tabindex: "0" });
      li.addEventListener("click", function () { results.replaceChildren(); focus(i); });
      li.addEventListener("keydown", function (e) { if (e.key === "Enter") { results.replaceChildren(); focus(i); } });
      results.appendChild(li);
    });
    return hits;
  }
  var box = document.getElementById("search");
  box.addEventListener("input", function () { clearTimeout(pending); pending = setTimeout(listResults, 150); });
  box.addEventListener("keydown", function (e) {
    if (e.key !== "Enter") { return; }
    clearTimeout(pending);
    var hits = listResults();
    if (hits.length) { results.replaceChildren(); focus(hits[0]); }
  });

  // Filter controls and legend, built from the data's own lists.
  function boxes(id, names, colours) {
    var holder = document.getElementById(id);
    names.forEach(function (name, i) {
      var label = el("label"), input = el("input", undefined, { type: "checkbox", value: String(i) });
      input.checked = true;
      input.addEventListener("change", applyFilters);
      label.appendChild(input);
      label.appendChild(el("span", "", { "class": "swatch", style: "background:" + colours[i] }));
      label.appendChild(document.createTextNode(name));
      holder.appendChild(label);
    });
  }
  boxes("status-filter", statuses, data.status_colours);
  boxes("level-filter", levels, data.level_colours);
  var menu = document.getElementById("article-filter");
  menu.appendChild(el("option", "all " + articles.length.toLocaleString("en") + " articles", { value: "-1" }));
  articles.map(function (a, i) { return [a[1], i]; })
    .sort(function (x, y) { return x[0].localeCompare(y[0]); })
    .forEach(function (a) { menu.appendChild(el("option", a[0], { value: String(a[1]) })); });
  menu.addEventListener("change", function () {
    applyFilters();
    var a = Number(menu.value);
    if (a >= 0) {
      for (var i = 0; i < N; i++) {
        if (data.nodes[i][KIND] === ARTICLE_KIND && data.nodes[i][ARTICLE] === a) { focus(i); break; }
      }
    }
  });
  document.getElementById("min-citations").addEventListener("input", applyFilters);
  document.getElementById("colour-by").addEventListener("change", function (e) {
    colourBy = e.target.value;
    graph.updateEachNodeAttributes(function (node, attrs) {
      attrs.color = nodeColour(data.nodes[node]);
      return attrs;
    }, { attributes: ["color"] });
  });
  var legend = document.getElementById("legend");
  function legendList(title, names, colours) {
    legend.appendChild(el("h3", title));
    var ul = el("ul", undefined, { style: "list-style:none;padding:0;columns:2" });
    names.forEach(function (name, i) {
      var li = el("li");
      li.appendChild(el("span", "", { "class": "swatch", style: "background:" + colours[i] }));
      li.appendChild(document.createTextNode(name));
      ul.appendChild(li);
    });
    legend.appendChild(ul);
  }
  legendList("Claims by status", statuses, data.status_colours);
  legendList("Sources (and claims by level) by evidence level", levels, data.level_colours);
  legendList("Other nodes", ["article, section"], [data.article_colour]);

  applyFilters();
  startLayout();
  window.claimkbViewer = {
    graph: graph, renderer: renderer, layout: layout, ids: data.nodes.map(function (r) { return r[ID]; }),
    select: select, focus: focus, search: search, startLayout: startLayout, stopLayout: stopLayout,
    selected: function () { return selected; }
  };
}());
