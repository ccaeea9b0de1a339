/* Score sheet: shows the allowed band as the expert ticks aspects / picks 显著·一般 or a level, refuses a
   number outside it, keeps the running total and autosaves (the server checks the same rules again). */
(function () {
  "use strict";
  var form = document.getElementById("scoresheet");
  if (!form) return;
  var locked = form.dataset.locked === "1";
  var method = form.dataset.method;
  var rows = Array.prototype.slice.call(form.querySelectorAll("tr.criterion"));
  var totalOut = document.getElementById("running-total");
  var statusEl = document.getElementById("autosave-status");
  var timer = null;
  var inflight = null;
  var M = JSON.parse(document.getElementById("sheet-messages").textContent);

  function fmt(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_m, key) { return values[key]; });
  }

  function bandOf(row) {
    var code = row.dataset.code;
    if (method === "aspects") {
      var sig = form.querySelector('input[name="' + code + '-significant"]:checked');
      if (!sig) return null;
      var n = form.querySelectorAll('input[name="' + code + '-aspect"]:checked').length;
      var table = JSON.parse(row.dataset.bands || "{}");
      return table[n + "-" + sig.value] || null;
    }
    var level = form.querySelector('input[name="' + code + '-level"]:checked');
    if (!level) return null;
    var found = null;
    row.dataset.levels.split(",").forEach(function (part) {
      var bits = part.split(":"), range = bits[1].split("-");
      if (bits[0] === level.value) found = [parseInt(range[0], 10), parseInt(range[1], 10)];
    });
    return found;
  }

  function check(row) {
    var code = row.dataset.code;
    var band = bandOf(row);
    var input = document.getElementById(code + "-points");
    var err = document.getElementById(code + "-error");
    document.getElementById(code + "-band").textContent = band ? band[0] + "~" + band[1] : "—";
    var raw = input.value.trim();
    var msg = "";
    if (raw !== "") {
      if (!/^\d+$/.test(raw)) {
        msg = M.integer;
      } else {
        var v = parseInt(raw, 10);
        var low = band ? band[0] : 1, high = band ? band[1] : parseInt(row.dataset.max, 10);
        if (v < low || v > high) msg = fmt(M.band, {v: v, low: low, high: high});
      }
    }
    input.setCustomValidity(msg);
    input.setAttribute("aria-invalid", msg ? "true" : "false");
    err.textContent = msg;
    row.classList.toggle("has-error", !!msg);
    return !msg;
  }

  function total() {
    var sum = 0;
    rows.forEach(function (row) {
      var v = document.getElementById(row.dataset.code + "-points").value.trim();
      if (/^\d+$/.test(v)) sum += parseInt(v, 10);
    });
    totalOut.textContent = sum;
  }

  function allValid() {
    return rows.map(check).every(Boolean);
  }

  function autosave() {
    if (locked || !allValid()) {
      statusEl.textContent = locked ? "" : M.notSaved;
      return;
    }
    var data = new FormData(form);
    data.set("action", "save");
    statusEl.textContent = M.saving;
    inflight = fetch(window.location.pathname, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "Accept": "application/json", "X-Requested-With": "fetch" }
    }).then(function (r) { return r.json().then(function (body) { return [r.ok, body]; }); })
      .then(function (res) {
        var body = res[1];
        if (res[0] && body.ok) {
          statusEl.textContent = fmt(M.saved, {time: body.saved_at});
        } else {
          var msgs = (body.general || []);
          Object.keys(body.errors || {}).forEach(function (code) {
            var err = document.getElementById(code + "-error");
            if (err) err.textContent = body.errors[code].join(" ");
            msgs = msgs.concat(body.errors[code]);
          });
          statusEl.textContent = M.failed + msgs.join(M.separator);
        }
      })
      .catch(function () { statusEl.textContent = M.network; })
      .then(function () { inflight = null; });
  }

  function schedule() {
    if (timer) clearTimeout(timer);
    timer = setTimeout(autosave, 800);
  }

  rows.forEach(function (row) {
    row.addEventListener("change", function () { check(row); total(); schedule(); });
    row.addEventListener("input", function () { check(row); total(); schedule(); });
    check(row);
  });

  form.addEventListener("submit", function (ev) {
    if (timer) { clearTimeout(timer); timer = null; }
    if (inflight) {
      // Let the running autosave finish first so it cannot race the submission.
      ev.preventDefault();
      var submitter = ev.submitter;
      inflight.then(function () { form.requestSubmit(submitter); });
      return;
    }
    if (!allValid()) {
      ev.preventDefault();
      var bad = form.querySelector('input.points[aria-invalid="true"]');
      if (bad) bad.focus();
      statusEl.textContent = M.fixFirst;
    }
  });

  // Enter in a score field moves to the next criterion's first control instead of submitting.
  form.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter" || !ev.target.classList.contains("points")) return;
    ev.preventDefault();
    var idx = rows.indexOf(ev.target.closest("tr"));
    var next = rows[idx + 1];
    if (next) next.querySelector("input").focus();
  });

  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
  total();
})();
