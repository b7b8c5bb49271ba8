// Sorts a table[data-sortable] when a column header is clicked. The page
// does not need it: rows arrive sorted worst first. ?sort=KEY (or
// ?sort=-KEY, descending) opens the page sorted by the column whose
// data-key is KEY, so a sorted view can be linked.
(function () {
  "use strict";

  function key(row, column, numeric) {
    var cell = row.cells[column];
    var text = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
    if (!numeric) {
      return text.toLowerCase();
    }
    var n = parseFloat(text);
    return isNaN(n) ? Infinity : n;
  }

  function sortBy(table, column, direction) {
    var head = table.tHead.rows[0].cells;
    var numeric = head[column].getAttribute("data-type") === "number";
    var body = table.tBodies[0];
    var rows = Array.prototype.map.call(body.rows, function (row, i) {
      return { row: row, key: key(row, column, numeric), i: i };
    });
    rows.sort(function (a, b) {
      if (a.key < b.key) { return -direction; }
      if (a.key > b.key) { return direction; }
      return a.i - b.i; // equal keys keep their order: worst first
    });
    rows.forEach(function (r) { body.appendChild(r.row); });
    Array.prototype.forEach.call(head, function (th) { th.removeAttribute("aria-sort"); });
    head[column].setAttribute("aria-sort", direction > 0 ? "ascending" : "descending");
  }

  function firstDirection(th) {
    return th.getAttribute("data-first") === "desc" ? -1 : 1;
  }

  var tables = document.querySelectorAll("table[data-sortable]");
  Array.prototype.forEach.call(tables, function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      while (th.firstChild) { button.appendChild(th.firstChild); }
      th.appendChild(button);
      button.addEventListener("click", function () {
        var now = th.getAttribute("aria-sort");
        var direction = now === "ascending" ? -1 : now === "descending" ? 1 : firstDirection(th);
        sortBy(table, column, direction);
      });
    });
    table.setAttribute("data-sortable", "ready");
  });

  var wanted = new URLSearchParams(window.location.search).get("sort");
  if (wanted && tables.length > 0) {
    var descending = wanted.charAt(0) === "-";
    var name = descending ? wanted.slice(1) : wanted;
    Array.prototype.forEach.call(tables[0].tHead.rows[0].cells, function (th, column) {
      if (th.getAttribute("data-key") === name) {
        sortBy(tables[0], column, descending ? -1 : 1);
      }
    });
  }

  // The page loads nothing: the browser test reads this to prove it.
  window.addEventListener("load", function () {
    document.documentElement.setAttribute("data-resources", String(performance.getEntriesByType("resource").length));
  });
}());
