// Entity page: merge another entity into this one, or split aliases off it, through the
// JSON API with the write token (kept for the tab in sessionStorage). Plain JavaScript.
(function () {
  "use strict";
  var box = document.getElementById("corrections");
  if (!box) { return; }
  var name = box.getAttribute("data-entity");
  var tokenField = document.getElementById("write-token");
  var result = document.getElementById("correction-result");
  tokenField.value = sessionStorage.getItem("storyline-token") || "";

  function send(action, body, then) {
    sessionStorage.setItem("storyline-token", tokenField.value);
    fetch("/api/entities/" + encodeURIComponent(name) + "/" + action, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Authorization": "Bearer " + tokenField.value },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().then(function (data) { return [response.ok, data]; });
    }).then(function (answer) {
      if (!answer[0]) { result.textContent = answer[1].error || "refused"; return; }
      result.textContent = "done";
      then(answer[1]);
    }).catch(function (err) { result.textContent = String(err); });
  }

  var merge = document.getElementById("merge-form");
  merge.addEventListener("submit", function (evt) {
    evt.preventDefault();
    send("merge", { other: merge.elements.other.value }, function () { window.location.reload(); });
  });
  var split = document.getElementById("split-form");
  if (split) {
    split.addEventListener("submit", function (evt) {
      evt.preventDefault();
      var names = Array.prototype.slice.call(split.querySelectorAll("input[name=aliases]:checked"))
        .map(function (box) { return box.value; });
      send("split", { aliases: names }, function () { window.location.reload(); });
    });
  }
})();
