// mirps-nlp report: link a highlighted span in the text and its row in the record beside it.
(function () {
  "use strict";
  function pick(keys) {
    document.querySelectorAll(".picked").forEach(function (el) { el.classList.remove("picked"); });
    var first = null;
    keys.forEach(function (key) {
      var row = document.getElementById(key);
      if (row) { row.classList.add("picked"); first = first || row; }
      document.querySelectorAll(".seg").forEach(function (seg) {
        if ((seg.getAttribute("data-items") || "").split(" ").indexOf(key) >= 0) { seg.classList.add("picked"); }
      });
    });
    return first;
  }
  document.addEventListener("click", function (event) {
    var tag = event.target.closest(".tag[data-item]");
    if (tag) {
      var tagged = pick([tag.getAttribute("data-item")]);
      if (tagged) { tagged.scrollIntoView({block: "nearest"}); }
      return;
    }
    var seg = event.target.closest(".seg");
    if (seg) {
      var items = (seg.getAttribute("data-items") || "").split(" ").filter(Boolean);
      var row = pick(items.slice(-1));
      if (row) { row.scrollIntoView({block: "nearest"}); }
      return;
    }
    var tr = event.target.closest("tr[data-item]");
    if (tr && !event.target.closest("a")) { pick([tr.getAttribute("data-item")]); }
  });
})();
// A filter box above a long table: keep the rows whose text (or data-search) holds every word typed.
document.querySelectorAll("input.filter[data-filter]").forEach(function (input) {
  var table = document.querySelector(input.getAttribute("data-filter"));
  if (!table) { return; }
  input.addEventListener("input", function () {
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    table.querySelectorAll("tbody tr").forEach(function (row) {
      var text = (row.textContent + " " + (row.getAttribute("data-search") || "")).toLowerCase();
      row.hidden = !words.every(function (word) { return text.indexOf(word) >= 0; });
    });
  });
});
