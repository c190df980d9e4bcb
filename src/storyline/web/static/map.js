// Map page: hovering a point writes its details under the map. Plain JavaScript.
(function () {
  "use strict";
  var tip = document.getElementById("maptip");
  if (!tip) { return; }
  var initial = tip.textContent;
  document.querySelectorAll("#worldmap .pt").forEach(function (pt) {
    pt.addEventListener("mouseenter", function () {
      pt.classList.add("hover");
      tip.textContent = pt.getAttribute("data-title");
    });
    pt.addEventListener("mouseleave", function () {
      pt.classList.remove("hover");
      tip.textContent = initial;
    });
  });
})();
