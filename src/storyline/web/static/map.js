// Map page, plain JavaScript: zoom (wheel, + / − buttons, double-click) and pan (drag) by
// changing the SVG's viewBox, and clusters: points closer than CLUSTER_PX on screen are
// drawn as one circle with their count, recomputed at every zoom, so that zooming in
// splits a cluster into its points. Hovering a point or a cluster writes it under the map.
(function () {
  "use strict";
  var svg = document.getElementById("worldmap");
  var tip = document.getElementById("maptip");
  if (!svg || !tip) { return; }
  var NS = "http://www.w3.org/2000/svg";
  var CLUSTER_PX = 14;
  var MAX_ZOOM = 64;
  var initial = tip.textContent;
  var start = svg.getAttribute("viewBox").split(/\s+/).map(Number);
  var view = start.slice();
  var layer = document.createElementNS(NS, "g");
  layer.setAttribute("class", "clusters");
  svg.appendChild(layer);
  var points = Array.prototype.slice.call(svg.querySelectorAll(".points circle.pt"));

  function show(text) { tip.textContent = text; }

  points.forEach(function (pt) {
    pt.addEventListener("mouseenter", function () {
      pt.classList.add("hover");
      show(pt.getAttribute("data-title"));
    });
    pt.addEventListener("mouseleave", function () {
      pt.classList.remove("hover");
      show(initial);
    });
  });

  function scale() { return svg.getBoundingClientRect().width / view[2]; }

  function cluster() {
    var s = scale();
    if (!(s > 0) || !isFinite(s)) { return; }  // not laid out yet: nothing to measure
    while (layer.firstChild) { layer.removeChild(layer.firstChild); }
    var groups = [];
    points.forEach(function (pt) {
      var x = Number(pt.getAttribute("cx")), y = Number(pt.getAttribute("cy"));
      var home = null;
      for (var i = 0; i < groups.length; i++) {
        var g = groups[i];
        if (Math.hypot((g.x - x) * s, (g.y - y) * s) < CLUSTER_PX) { home = g; break; }
      }
      if (home) { home.members.push(pt); } else { groups.push({ x: x, y: y, members: [pt] }); }
    });
    var r = 9 / s;
    groups.forEach(function (g) {
      var many = g.members.length > 1;
      g.members.forEach(function (pt) {
        pt.style.visibility = many ? "hidden" : "visible";
        pt.setAttribute("r", String(Number(pt.getAttribute("data-r")) / Math.sqrt(zoom())));
      });
      if (!many) { return; }
      var c = document.createElementNS(NS, "circle");
      c.setAttribute("class", "cluster");
      c.setAttribute("cx", g.x); c.setAttribute("cy", g.y); c.setAttribute("r", r);
      var label = document.createElementNS(NS, "text");
      label.setAttribute("class", "cluster-count");
      label.setAttribute("x", g.x); label.setAttribute("y", g.y + r * 0.35);
      label.setAttribute("font-size", String(r * 1.1));
      label.textContent = String(g.members.length);
      var titles = g.members.map(function (pt) { return pt.getAttribute("data-title"); });
      [c, label].forEach(function (el) {
        el.addEventListener("mouseenter", function () {
          show(g.members.length + " here (zoom in to split): " + titles.join(" · "));
        });
        el.addEventListener("mouseleave", function () { show(initial); });
        el.addEventListener("click", function () { zoomAt(g.x, g.y, 4); });
        layer.appendChild(el);
      });
    });
    svg.setAttribute("data-zoom", zoom().toFixed(2));
  }

  function zoom() { return start[2] / view[2]; }

  function apply() {
    svg.setAttribute("viewBox", view.join(" "));
    cluster();
  }

  function zoomAt(x, y, factor) {
    var next = Math.min(MAX_ZOOM, Math.max(1, zoom() * factor));
    var w = start[2] / next, h = start[3] / next;
    view = [x - (x - view[0]) * (w / view[2]), y - (y - view[1]) * (h / view[3]), w, h];
    if (next === 1) { view = start.slice(); }
    apply();
  }

  function toSvg(evt) {
    var box = svg.getBoundingClientRect();
    return [view[0] + (evt.clientX - box.left) / box.width * view[2],
            view[1] + (evt.clientY - box.top) / box.height * view[3]];
  }

  svg.addEventListener("wheel", function (evt) {
    evt.preventDefault();
    var at = toSvg(evt);
    zoomAt(at[0], at[1], evt.deltaY < 0 ? 1.5 : 1 / 1.5);
  }, { passive: false });
  svg.addEventListener("dblclick", function (evt) {
    var at = toSvg(evt);
    zoomAt(at[0], at[1], 2);
  });

  var drag = null;
  svg.addEventListener("mousedown", function (evt) { drag = [evt.clientX, evt.clientY, view[0], view[1]]; });
  window.addEventListener("mouseup", function () { drag = null; });
  window.addEventListener("mousemove", function (evt) {
    if (!drag) { return; }
    var box = svg.getBoundingClientRect();
    view[0] = drag[2] - (evt.clientX - drag[0]) / box.width * view[2];
    view[1] = drag[3] - (evt.clientY - drag[1]) / box.height * view[3];
    svg.setAttribute("viewBox", view.join(" "));
  });

  document.querySelectorAll("[data-zoom-step]").forEach(function (button) {
    button.addEventListener("click", function () {
      var step = button.getAttribute("data-zoom-step");
      if (step === "reset") { view = start.slice(); apply(); return; }
      zoomAt(view[0] + view[2] / 2, view[1] + view[3] / 2, Number(step));
    });
  });

  points.forEach(function (pt) { pt.setAttribute("data-r", pt.getAttribute("r")); });
  window.addEventListener("resize", cluster);
  cluster();
})();
