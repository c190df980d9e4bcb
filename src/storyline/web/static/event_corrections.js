// Document page: mark an event report as not an event, or give it another kind, through the
// JSON API with the write token (kept for the tab in sessionStorage). Plain JavaScript.
(function () {
  "use strict";
  var box = document.getElementById("event-corrections");
  if (!box) { return; }
  var key = box.getAttribute("data-document");
  var tokenField = document.getElementById("write-token");
  var result = document.getElementById("correction-result");
  tokenField.value = sessionStorage.getItem("storyline-token") || "";

  function send(event, action, body) {
    sessionStorage.setItem("storyline-token", tokenField.value);
    result.textContent = "sending…";
    var path = "/api/documents/" + encodeURIComponent(key) + "/events/" +
      encodeURIComponent(event) + "/" + action;
    fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Authorization": "Bearer " + tokenField.value },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().then(function (data) { return [response.ok, data]; });
    }).then(function (answer) {
      if (!answer[0]) { result.textContent = answer[1].error || "refused"; return; }
      result.textContent = "done";
      window.location.reload();
    }).catch(function (err) { result.textContent = String(err); });
  }

  Array.prototype.forEach.call(document.querySelectorAll("form.event-fix"), function (form) {
    var event = form.getAttribute("data-event");
    form.querySelector("button.reject").addEventListener("click", function () {
      send(event, "reject", {});
    });
    form.addEventListener("submit", function (evt) {
      evt.preventDefault();
      var kind = form.elements.kind.value.split("|");
      var subtype = kind[1] && kind[1] !== kind[0] ? kind[1] : null;
      send(event, "retype", { type: kind[0], subtype: subtype });
    });
  });
})();
