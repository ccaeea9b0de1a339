// Idle timeout of privileged roles (security/middleware.py): a warning SESSION_IDLE_WARNING_SECONDS before the
// server signs the session out; "继续使用" pings the server (which counts as activity); at the limit the page
// reloads and the server answers with the login page. Activity in this page alone (typing) does not reach the
// server, so typing also pings, at most once a minute. The server counts from its own idle stamp, written at most
// once a minute: the page and every htmx answer say how many seconds are really left (data-left, the
// X-Idle-Seconds-Left header), and the timers count from that.
(function () {
  "use strict";
  var box = document.getElementById("idle-warning");
  if (!box) return;
  var timeout = parseInt(box.dataset.timeout, 10) * 1000;
  var left = parseInt(box.dataset.left, 10) * 1000;
  var warning = parseInt(box.dataset.warning, 10) * 1000;
  var ping = box.dataset.ping;
  var warnTimer, endTimer, lastPing = Date.now();

  function arm(left) {
    if (!(left >= 0)) left = timeout;
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    box.hidden = true;
    warnTimer = setTimeout(function () { box.hidden = false; }, Math.max(left - warning, 0));
    endTimer = setTimeout(function () { window.location.reload(); }, left + 1000);
  }

  function keepAlive() {
    lastPing = Date.now();
    fetch(ping, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } }).then(function (r) {
      if (r.status === 204) arm(timeout);
      else window.location.reload();
    });
  }

  document.getElementById("idle-stay").addEventListener("click", keepAlive);
  document.addEventListener("input", function () {
    if (box.hidden && Date.now() - lastPing > 60000) keepAlive();
  });
  document.body.addEventListener("htmx:afterRequest", function (event) {
    var xhr = event.detail && event.detail.xhr;
    var left = xhr && xhr.getResponseHeader("X-Idle-Seconds-Left");
    arm(left ? parseInt(left, 10) * 1000 : timeout);
  });
  arm(left >= 0 ? left : timeout);
})();
