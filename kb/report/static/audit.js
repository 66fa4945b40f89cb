// The audit page's filters (rule, severity), reviewed findings (a --baseline's, and those
// ticked here, remembered by fingerprint in localStorage) and links to claims.
(function () {
  "use strict";
  var KEY = "claimkb-reviewed";
  var store = null;
  try {
    store = window.localStorage;
    store.getItem(KEY);
  } catch (error) {
    store = null; // storage refused (a browser setting): ticks last until the page closes
  }
  var ticked = {};
  try {
    JSON.parse((store && store.getItem(KEY)) || "[]").forEach(function (print) {
      ticked[print] = true;
    });
  } catch (error) {
    ticked = {};
  }
  var items = Array.prototype.slice.call(document.querySelectorAll("li.finding"));
  var hide = document.getElementById("hide-reviewed");

  function save() {
    if (!store) { return; }
    try { store.setItem(KEY, JSON.stringify(Object.keys(ticked))); } catch (error) { /* full */ }
  }

  function chosen(name) {
    var values = {};
    document.querySelectorAll("#filters input[name='" + name + "']").forEach(function (box) {
      values[box.value] = box.checked;
    });
    return values;
  }

  function isReviewed(item) {
    return item.hasAttribute("data-baseline") || ticked[item.getAttribute("data-fingerprint")] === true;
  }

  function update() {
    var rules = chosen("rule"), severities = chosen("severity");
    var shown = 0, reviewedCounts = {};
    items.forEach(function (item) {
      var reviewed = isReviewed(item);
      var rule = item.getAttribute("data-rule");
      item.classList.toggle("reviewed", reviewed);
      item.querySelector("input.review").checked = reviewed;
      item.hidden = !(rules[rule] && severities[item.getAttribute("data-severity")]) ||
        (hide.checked && reviewed);
      if (!item.hidden) { shown += 1; }
      if (reviewed) {
        var key = item.getAttribute("data-article") + "\u001f" + rule;
        reviewedCounts[key] = (reviewedCounts[key] || 0) + 1;
      }
    });
    document.querySelectorAll("td.reviewed-count").forEach(function (cell) {
      var key = cell.getAttribute("data-article") + "\u001f" + cell.getAttribute("data-rule");
      cell.textContent = String(reviewedCounts[key] || 0);
    });
    document.getElementById("shown").textContent =
      "Showing " + shown + " of " + items.length + " findings.";
  }

  items.forEach(function (item) {
    var box = item.querySelector("input.review");
    box.addEventListener("change", function () {
      var print = item.getAttribute("data-fingerprint");
      if (box.checked) { ticked[print] = true; } else { delete ticked[print]; }
      save();
      update();
    });
  });
  document.getElementById("filters").addEventListener("change", update);

  // The reviewed findings as a report `claimkb audit --baseline FILE` reads.
  document.getElementById("save-baseline").addEventListener("click", function () {
    var findings = items.filter(isReviewed).map(function (item) {
      return { rule: item.getAttribute("data-rule"), fingerprint: item.getAttribute("data-fingerprint") };
    });
    var text = JSON.stringify({ claimkb: "audit page", articles: [{ findings: findings }] }, null, 1);
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text + "\n"], { type: "application/json" }));
    link.download = "reviewed.json";
    document.body.appendChild(link);
    link.click();
    link.remove();
  });

  // A finding link moves keyboard focus to its claim, so the claim's details open.
  document.querySelectorAll("aside a[href^='#'], .sources a[href^='#']").forEach(function (link) {
    link.addEventListener("click", function () {
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (target) { setTimeout(function () { target.focus(); }, 0); }
    });
  });
  update();
}());
