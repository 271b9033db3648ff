// Idle-session warning, length counters and htmx dialog wiring shared by every page.
(function () {
  "use strict";

  function startIdleWatch() {
    var body = document.body;
    var idle = parseInt(body.dataset.idleSeconds || "0", 10);
    if (!idle) { return; }
    var warnAt = idle - parseInt(body.dataset.warningSeconds || "300", 10);
    var lastActivity = Date.now();
    var modalEl = document.getElementById("session-warning");
    var modal = modalEl && window.bootstrap ? new bootstrap.Modal(modalEl, { backdrop: "static" }) : null;
    var shown = false;

    function reset() { lastActivity = Date.now(); }
    document.addEventListener("htmx:afterRequest", reset);

    function tick() {
      var elapsed = (Date.now() - lastActivity) / 1000;
      if (elapsed >= idle) { window.location.href = body.dataset.logoutUrl; return; }
      if (elapsed >= warnAt && modal) {
        var left = Math.max(0, Math.round(idle - elapsed));
        document.getElementById("session-countdown").textContent = Math.floor(left / 60) + "分" + (left % 60) + "秒";
        if (!shown) { modal.show(); shown = true; }
      }
    }
    setInterval(tick, 1000);

    var keep = document.getElementById("session-keepalive");
    if (keep) {
      keep.addEventListener("click", function () {
        fetch(body.dataset.keepaliveUrl, { method: "POST", credentials: "same-origin",
          headers: { "X-CSRFToken": JSON.parse(body.getAttribute("hx-headers"))["X-CSRFToken"] } })
          .then(function (r) { if (r.ok) { reset(); shown = false; modal.hide(); } else { window.location.href = body.dataset.logoutUrl; } });
      });
    }
  }

  function wireCounters(root) {
    root.querySelectorAll(".char-counter").forEach(function (counter) {
      var input = document.getElementById(counter.dataset.for);
      if (!input || input.dataset.counterWired) { return; }
      input.dataset.counterWired = "1";
      input.addEventListener("input", function () { counter.textContent = input.value.length + "/" + counter.dataset.max; });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    startIdleWatch();
    wireCounters(document);
    document.body.addEventListener("htmx:afterSwap", function (evt) {
      wireCounters(evt.target);
      if (evt.target.id === "dialog-content" && window.bootstrap) {
        bootstrap.Modal.getOrCreateInstance(document.getElementById("dialog")).show();
      }
    });
    document.body.addEventListener("closeDialog", function () {
      var el = document.getElementById("dialog");
      if (el && window.bootstrap) { bootstrap.Modal.getOrCreateInstance(el).hide(); }
    });
  });
})();
