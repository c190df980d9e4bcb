// Document page: clicking or hovering a quote shows its speaker and sources, and marks the
// quote in the side panel. Plain JavaScript, no dependencies.
(function () {
  "use strict";
  var popup = document.getElementById("popup");
  if (!popup) { return; }

  function quoteParts(id) {
    return document.querySelectorAll('#text [data-quote="' + CSS.escape(id) + '"]');
  }

  function show(id, scroll) {
    var item = document.getElementById("quote-" + id);
    document.querySelectorAll(".q.active, .quote-item.active").forEach(function (el) {
      el.classList.remove("active");
    });
    quoteParts(id).forEach(function (el) { el.classList.add("active"); });
    popup.textContent = "";
    var strong = document.createElement("strong");
    strong.textContent = "Speaker: ";
    popup.appendChild(strong);
    var first = quoteParts(id)[0];
    var name = document.createElement("span");
    name.className = "popup-speaker";
    name.textContent = first ? first.getAttribute("data-speaker") : "unknown";
    popup.appendChild(name);
    if (item) {
      item.classList.add("active");
      var rest = item.querySelectorAll("dt");
      rest.forEach(function (dt) {
        if (dt.textContent === "via" || dt.textContent === "certainty" || dt.textContent === "cue") {
          var line = document.createElement("div");
          line.textContent = dt.textContent + ": " + dt.nextElementSibling.textContent.trim();
          popup.appendChild(line);
        }
      });
      if (scroll) { item.scrollIntoView({ block: "nearest", behavior: "smooth" }); }
    }
    popup.hidden = false;
  }

  document.querySelectorAll("#text [data-quote]").forEach(function (el) {
    var id = el.getAttribute("data-quote");
    el.addEventListener("mouseenter", function () { show(id, false); });
    el.addEventListener("click", function () { show(id, true); });
  });
  document.querySelectorAll(".quote-item").forEach(function (item) {
    item.addEventListener("click", function () {
      var id = item.getAttribute("data-quote");
      show(id, false);
      var first = quoteParts(id)[0];
      if (first) { first.scrollIntoView({ block: "center", behavior: "smooth" }); }
    });
  });
})();
