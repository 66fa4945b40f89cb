// claimkb network viewer: Cytoscape.js over the JSON in #network-data.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("network-data").textContent);
  var shapes = { article: "hexagon", claim: "rectangle", source: "ellipse",
                 section: "tag", level: "diamond" };
  var cy = cytoscape({
    container: document.getElementById("cy"),
    elements: data.elements,
    style: [
      { selector: "node", style: {
          "background-color": "data(colour)", "shape": function (n) { return shapes[n.data("kind")] || "ellipse"; },
          "label": "data(label)", "font-size": 9, "min-zoomed-font-size": 7, "text-wrap": "ellipsis", "text-max-width": 120,
          "border-width": 1, "border-color": "#555",
          "width": function (n) { return 12 + 3 * Math.min(n.data("citations") || 0, 10); },
          "height": function (n) { return 12 + 3 * Math.min(n.data("citations") || 0, 10); } } },
      { selector: "edge", style: { "width": 1, "line-color": "#999", "curve-style": "haystack", "opacity": 0.6 } },
      { selector: "edge[relation = 'contains']", style: { "line-style": "dashed", "opacity": 0.3 } },
      { selector: "node[kind = 'claim']", style: { "label": "" } },
      { selector: "node[kind = 'claim'].match, node[kind = 'claim']:selected", style: { "label": "data(label)" } },
      { selector: ".match", style: { "border-width": 4, "border-color": "#000" } },
      { selector: ":selected", style: { "border-width": 4, "border-color": "#e7298a" } }
    ],
    layout: { name: "cose", animate: false, nodeRepulsion: function () { return 40000; },
              idealEdgeLength: function () { return 60; }, padding: 20 }
  });
  // A small network fitted to the window would be drawn huge: cap the first zoom.
  if (cy.zoom() > 1.2) { cy.zoom(1.2); cy.center(); }
  var counts = {};
  cy.nodes().forEach(function (n) { counts[n.data("kind")] = (counts[n.data("kind")] || 0) + 1; });
  var order = ["article", "section", "claim", "source", "level"];
  document.getElementById("counts").textContent = Object.keys(counts).sort(function (a, b) {
    return order.indexOf(a) - order.indexOf(b); }).map(function (k) {
    return counts[k] + " " + k + (counts[k] === 1 ? "" : "s"); }).join(", ");

  function text(tag, value) { var e = document.createElement(tag); e.textContent = value; return e; }
  function show(node) {
    var panel = document.getElementById("details");
    panel.replaceChildren();
    panel.appendChild(text("h2", node.data("kind") + ": " + (node.data("source_key") || node.data("label"))));
    var dl = document.createElement("dl");
    ["text", "title", "status", "level", "line", "citations", "article"].forEach(function (k) {
      var v = node.data(k);
      if (v !== undefined && v !== "") { dl.appendChild(text("dt", k)); dl.appendChild(text("dd", String(v))); }
    });
    panel.appendChild(dl);
    panel.appendChild(text("h3", "Links"));
    var ul = document.createElement("ul");
    node.connectedEdges().forEach(function (e) {
      var other = e.source().same(node) ? e.target() : e.source();
      var li = document.createElement("li");
      var a = text("a", e.data("relation") + " " + (e.data("markers") ? e.data("markers") + " " : "") +
                   "→ " + other.data("kind") + ": " + other.data("label"));
      a.tabIndex = 0;
      a.addEventListener("click", function () { select(other); });
      li.appendChild(a); ul.appendChild(li);
    });
    panel.appendChild(ul);
  }
  function select(node) { cy.elements().unselect(); node.select(); cy.center(node); show(node); }
  cy.on("tap", "node", function (evt) { select(evt.target); });

  document.getElementById("search").addEventListener("input", function (evt) {
    var q = evt.target.value.trim().toLowerCase();
    cy.nodes().removeClass("match");
    if (!q) { document.getElementById("matches").textContent = ""; return; }
    var hits = cy.nodes().filter(function (n) {
      return ["label", "text", "source_key", "title"].some(function (k) {
        return String(n.data(k) || "").toLowerCase().indexOf(q) >= 0; });
    });
    hits.addClass("match");
    document.getElementById("matches").textContent = hits.length + " match" + (hits.length === 1 ? "" : "es");
    if (hits.length) { cy.fit(hits, 60); }
  });
  document.getElementById("zoom-in").onclick = function () { cy.zoom(cy.zoom() * 1.25); };
  document.getElementById("zoom-out").onclick = function () { cy.zoom(cy.zoom() / 1.25); };
  document.getElementById("fit").onclick = function () { cy.fit(); };
  window.claimkbNetwork = cy;
}());
