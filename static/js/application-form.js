/* Application form: live character counter, rows, photo crop guidance, autosave to the server and a
   localStorage backup that is restored after a session expired (the text typed is never lost). */
(function () {
  "use strict";
  var form = document.getElementById("application-form");
  if (!form) return;
  var key = form.dataset.storageKey;
  var serverSavedAt = Number(form.dataset.serverSavedAt || 0);
  var statusEl = document.getElementById("autosave-status");
  var maxChars = Number(form.dataset.maxChars || 4000);
  var dirty = false, timer = null, inFlight = false, editsSinceRequest = false;
  // Messages come translated from the page (json_script "form-messages"); {name} placeholders are filled here.
  var M = {};
  try { M = JSON.parse(document.getElementById("form-messages").textContent); } catch (e) { M = {}; }
  function t(key, vars) {
    return String(M[key] || key).replace(/\{(\w+)\}/g, function (_m, k) { return vars && k in vars ? vars[k] : ""; });
  }

  function say(text, isError) {
    if (!statusEl) return;
    statusEl.textContent = text;
    statusEl.classList.toggle("error", !!isError);
  }

  function chars(s) { return Array.from(s.replace(/\r\n/g, "\n")).length; }

  // --- character counter -----------------------------------------------------------------------------------
  var counted = form.querySelectorAll("[data-counted=achievements]");
  var counter = document.getElementById("achievements-counter");
  function count() {
    if (!counter) return;
    var n = 0;
    counted.forEach(function (t) { n += chars(t.value); });
    counter.querySelector("[data-count]").textContent = n;
    var over = counter.querySelector("[data-over]");
    counter.classList.toggle("over", n > maxChars);
    over.textContent = n > maxChars ? t("over", { n: n - maxChars }) : "";
  }
  counted.forEach(function (t) { t.addEventListener("input", count); });
  count();

  // --- repeatable rows -------------------------------------------------------------------------------------
  form.querySelectorAll("[data-add-row]").forEach(function (button) {
    button.addEventListener("click", function () {
      var prefix = button.dataset.addRow;
      var total = form.querySelector("#id_" + prefix + "-TOTAL_FORMS");
      var tpl = form.querySelector("template[data-empty-row='" + prefix + "']");
      var list = form.querySelector("[data-rows='" + prefix + "']");
      var index = Number(total.value);
      var html = tpl.innerHTML.replace(/__prefix__/g, String(index));
      list.insertAdjacentHTML("beforeend", html);
      total.value = index + 1;
      var first = list.lastElementChild.querySelector("input, select, textarea");
      if (first) first.focus();
    });
  });

  // --- photo crop guidance ---------------------------------------------------------------------------------
  var photoInput = document.getElementById("id_photo");
  var preview = document.getElementById("photo-preview");
  var ratioNote = document.getElementById("photo-ratio");
  if (photoInput && preview) {
    photoInput.addEventListener("change", function () {
      var file = photoInput.files && photoInput.files[0];
      if (!file) return;
      var url = URL.createObjectURL(file);
      var img = new Image();
      img.onload = function () {
        preview.src = url;
        preview.hidden = false;
        var placeholder = document.querySelector(".photo-placeholder");
        if (placeholder) placeholder.hidden = true;
        var ratio = img.naturalWidth / img.naturalHeight;
        if (ratioNote) {
          ratioNote.textContent = Math.abs(ratio - 0.75) > 0.05
            ? t("ratio_off", { ratio: ratio.toFixed(2) })
            : t("ratio_ok");
        }
      };
      img.src = url;
    });
  }

  // --- backup in this browser ------------------------------------------------------------------------------
  function values() {
    var out = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "file" || el.name === "csrfmiddlewaretoken" || el.type === "submit") return;
      if (el.type === "radio") { if (el.checked) out[el.name] = el.value; return; }
      if (el.type === "checkbox") { out[el.name] = el.checked; return; }
      out[el.name] = el.value;
    });
    return out;
  }
  function readBackup() {
    try { return JSON.parse(window.localStorage.getItem(key) || "null"); } catch (e) { return null; }
  }
  function writeBackup(extra) {
    try {
      var b = Object.assign({ base: serverSavedAt, at: Date.now(), values: values(), dirty: true }, extra || {});
      window.localStorage.setItem(key, JSON.stringify(b));
    } catch (e) { /* storage full or disabled: the server autosave still runs */ }
  }
  function markClean() {
    var b = readBackup();
    if (b) { b.dirty = false; b.base = serverSavedAt; window.localStorage.setItem(key, JSON.stringify(b)); }
  }
  function restore(b) {
    var restored = 0;
    Object.keys(b.values).forEach(function (name) {
      var els = form.querySelectorAll("[name='" + name.replace(/'/g, "\\'") + "']");
      els.forEach(function (el) {
        if (el.type === "radio") { el.checked = el.value === b.values[name]; }
        else if (el.type === "checkbox") { el.checked = !!b.values[name]; }
        else if (el.value !== b.values[name]) { el.value = b.values[name]; restored++; }
      });
    });
    return restored;
  }

  var backup = readBackup();
  if (backup && backup.dirty && backup.values) {
    if (backup.submitted && serverSavedAt > backup.base) {
      markClean(); // the normal save went through
    } else if (backup.base >= serverSavedAt) {
      restore(backup);
      count();
      var notice = document.getElementById("restore-notice");
      if (notice) {
        notice.hidden = false;
        notice.textContent = t("restored", { time: new Date(backup.at).toLocaleString(document.documentElement.lang) });
      }
      dirty = true;
      schedule(300);
    }
  }

  // --- autosave to the server ------------------------------------------------------------------------------
  function autosave() {
    if (inFlight) { schedule(1000); return; }
    if (!dirty) return;
    var data = new FormData(form);
    data.delete("photo");
    data.delete("evidence");
    Array.from(data.keys()).forEach(function (k) { if (/^(edu|work)-/.test(k)) data.delete(k); });
    inFlight = true; editsSinceRequest = false;
    say(t("saving"));
    fetch(form.dataset.autosaveUrl, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "X-Requested-With": "XMLHttpRequest", "Accept": "application/json" }
    }).then(function (r) {
      return r.text().then(function (text) {
        var body = {};
        try { body = JSON.parse(text); } catch (e) { body = {}; }
        return { status: r.status, body: body };
      });
    }).then(function (res) {
      inFlight = false;
      if (res.status === 401 || res.status === 403) {
        // Session expired (401) or the security token went with it (403): keep the backup, offer a new login.
        statusEl.textContent = (res.body.error || t("expired")) + " ";
        var a = document.createElement("a");
        a.href = form.dataset.loginUrl; a.textContent = t("relogin");
        statusEl.appendChild(a);
        statusEl.classList.add("error");
        return;
      }
      if (res.status !== 200) { say(res.body.error || t("failed"), true); return; }
      serverSavedAt = res.body.saved_at;
      if (!editsSinceRequest) { dirty = false; markClean(); }
      var n = (res.body.problems || []).length;
      say(t("saved", { time: res.body.saved_label }) + (n ? t("saved_problems", { n: n }) : ""));
    }).catch(function () {
      inFlight = false;
      say(t("offline"), true);
      schedule(10000);
    });
  }
  function schedule(ms) {
    clearTimeout(timer);
    timer = setTimeout(autosave, ms);
  }
  function changed() {
    dirty = true; editsSinceRequest = true;
    writeBackup();
    schedule(2000);
  }
  form.addEventListener("input", changed);
  form.addEventListener("change", function (e) { if (e.target.type !== "file") changed(); });
  form.addEventListener("submit", function () { clearTimeout(timer); writeBackup({ submitted: true }); dirty = false; });
  window.addEventListener("beforeunload", function () { if (dirty) writeBackup(); });

  // Error summary: each link moves the keyboard focus to its field.
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.addEventListener("click", function (e) {
      var link = e.target.closest("a[href^='#']");
      if (!link) return;
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (!target) return;
      e.preventDefault();
      var focusable = target.matches("input, select, textarea") ? target : target.querySelector("input, select, textarea");
      (focusable || target).focus();
      target.scrollIntoView({ block: "center" });
    });
    summary.focus();
  }
  form.dataset.ready = "1";  // listeners attached (tests wait for this)
})();
