// Idle timeout of privileged roles (security/middleware.py): a warning SESSION_IDLE_WARNING_SECONDS before the
// server signs the session out; "继续使用" pings the server (which counts as activity); at the limit the page
// reloads and the server answers with the login page. Activity in this page alone (typing) does not reach the
// server, so typing also pings, at most once a minute.
(function () {
  "use strict";
  var box = document.getElementById("idle-warning");
  if (!box) return;
  var timeout = parseInt(box.dataset.timeout, 10) * 1000;
  var warning = parseInt(box.dataset.warning, 10) * 1000;
  var ping = box.dataset.ping;
  var warnTimer, endTimer, lastPing = Date.now();

  function arm() {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    box.hidden = true;
    warnTimer = setTimeout(function () { box.hidden = false; }, Math.max(timeout - warning, 0));
    endTimer = setTimeout(function () { window.location.reload(); }, timeout + 1000);
  }

  function keepAlive() {
    lastPing = Date.now();
    fetch(ping, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } }).then(function (r) {
      if (r.status === 204) arm();
      else window.location.reload();
    });
  }

  document.getElementById("idle-stay").addEventListener("click", keepAlive);
  document.addEventListener("input", function () {
    if (box.hidden && Date.now() - lastPing > 60000) keepAlive();
  });
  document.body.addEventListener("htmx:afterRequest", arm);
  arm();
})();
