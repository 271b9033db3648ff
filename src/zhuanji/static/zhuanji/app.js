// Idle-session warning, length counters, htmx dialog wiring and the small behaviours pages declare with data
// attributes (the Content-Security-Policy allows no inline script or on…= handler):
//   <form data-confirm="确定…？">, <button data-confirm="…">   ask before submitting
//   <button data-require-checked=".case-check" data-require-message="…">   refuse while nothing is ticked
//   <input type="checkbox" data-check-all=".case-check, .select-page">   tick or untick them all
//   <select data-page-size>   the pager's page size: back to page 1 and reload
//   <button data-reload>   reload the page;   <input data-select-on-focus>   select its text on focus
//   .act-form .act-decision radios   show the chosen decision's opinion label and fields (reviews/_act_form.html)
//   [data-bs-toggle="tooltip"]   Bootstrap tooltips, also in content htmx swaps in
//   <textarea data-richtext>   a Quill editor in its place, its HTML posted in the textarea's name (the page
//                              includes common/richtext_assets.html in {% block head %}; without it the
//                              textarea stays a plain one)
(function () {
  "use strict";

  function within(root, selector) {
    var found = Array.prototype.slice.call(root.querySelectorAll ? root.querySelectorAll(selector) : []);
    if (root.matches && root.matches(selector)) { found.unshift(root); }
    return found;
  }

  function syncDecision(form) {
    var chosen = form.querySelector(".act-decision:checked");
    if (!chosen) { return; }
    var label = form.querySelector("#act-opinion-label");
    if (label) { label.textContent = chosen.dataset.opinionLabel; }
    var star = form.querySelector(".act-opinion-required");
    if (star) { star.hidden = !chosen.dataset.opinionRequired; }
    form.querySelectorAll(".act-forward-only").forEach(function (el) { el.hidden = !chosen.dataset.forwards; });
    form.querySelectorAll(".act-decision-fields").forEach(function (el) { el.hidden = el.dataset.decision !== chosen.value; });
  }

  var RICHTEXT_TOOLBAR = [[{ header: [1, 2, 3, false] }], ["bold", "italic", "underline"],
    [{ list: "ordered" }, { list: "bullet" }], ["link"], ["clean"]];

  function richTextHTML(quill) {
    if (!quill.getText().trim()) { return ""; }
    // Quill 2.0.3's getSemanticHTML writes every space as &nbsp;, so lines would never wrap at a space:
    // the last &nbsp; of each run goes back to a plain space (runs of several spaces still show).
    return quill.getSemanticHTML().replace(/&nbsp;(?!&nbsp;)/g, " ");
  }

  function wireRichText(root) {
    if (!window.Quill) { return; }
    within(root, "textarea[data-richtext]").forEach(function (textarea) {
      if (textarea.dataset.richtextWired) { return; }
      textarea.dataset.richtextWired = "1";
      var holder = document.createElement("div");
      holder.className = "richtext-editor bg-white";
      if (textarea.classList.contains("is-invalid")) { holder.classList.add("border-danger"); }
      textarea.hidden = true;
      textarea.insertAdjacentElement("afterend", holder);
      var quill = new Quill(holder, { theme: "snow", modules: { toolbar: RICHTEXT_TOOLBAR } });
      // Loaded silently and without setSelection (dangerouslyPasteHTML would focus the editor on page load);
      // an untouched editor leaves the textarea's own HTML as it came.
      if (textarea.value) { quill.setContents(quill.clipboard.convert({ html: textarea.value, text: "" }), "silent"); }
      quill.on("text-change", function () { textarea.value = richTextHTML(quill); });

      var editor = quill.root;
      editor.setAttribute("role", "textbox");
      editor.setAttribute("aria-multiline", "true");
      editor.style.minHeight = (parseInt(textarea.getAttribute("rows") || "8", 10) * 1.5) + "em";
      var label = textarea.id ? document.querySelector("label[for='" + CSS.escape(textarea.id) + "']") : null;
      if (label) {
        if (!label.id) { label.id = textarea.id + "-label"; }
        editor.setAttribute("aria-labelledby", label.id);
        label.addEventListener("click", function (event) { event.preventDefault(); quill.focus(); });
      } else if (textarea.getAttribute("aria-label")) {
        editor.setAttribute("aria-label", textarea.getAttribute("aria-label"));
      }
    });
  }

  function wire(root) {
    wireCounters(root);
    wireRichText(root);
    within(root, ".act-form").forEach(syncDecision);
    if (window.bootstrap) {
      within(root, "[data-bs-toggle='tooltip']").forEach(function (el) { bootstrap.Tooltip.getOrCreateInstance(el); });
    }
  }

  // Capture phase: a cancelled submit never reaches htmx or any other listener.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
      event.stopPropagation();
    }
  }, true);

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button, input[type=submit]") : null;
    if (!button) { return; }
    if (button.dataset.requireChecked && !document.querySelector(button.dataset.requireChecked + ":checked")) {
      event.preventDefault();
      event.stopPropagation();
      window.alert(button.dataset.requireMessage);
      return;
    }
    if (button.dataset.confirm && !window.confirm(button.dataset.confirm)) {
      event.preventDefault();
      event.stopPropagation();
      return;
    }
    if (button.hasAttribute("data-reload")) { window.location.reload(); }
  }, true);

  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.dataset.checkAll) {
      document.querySelectorAll(el.dataset.checkAll).forEach(function (box) { box.checked = el.checked; });
    } else if (el.hasAttribute("data-page-size") && el.form) {
      if (el.form.elements.page) { el.form.elements.page.value = 1; }
      el.form.submit();
    } else if (el.classList.contains("act-decision") && el.form) {
      syncDecision(el.form);
    }
  });

  document.addEventListener("focusin", function (event) {
    if (event.target.hasAttribute && event.target.hasAttribute("data-select-on-focus")) { event.target.select(); }
  });

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
    wire(document);
    // htmx:load is fired on every element htmx puts into the page.
    document.body.addEventListener("htmx:load", function (evt) { wire(evt.detail.elt); });
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

// ---- filings: 选择联系人员 --------------------------------------------------------------------------------------
//   <select data-fill-contact data-fill-name="id" data-fill-phone="id" data-fill-mobile="id"> whose options carry
//   data-name / data-phone / data-mobile: choosing a user copies them into the inputs with those ids
//   (filings/_step_basic.html, 联系人员姓名 / 联系人员联系电话 / 联系人员手机).
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    var select = event.target;
    if (!select.matches || !select.matches("select[data-fill-contact]")) { return; }
    var option = select.options[select.selectedIndex];
    if (!option || !option.value) { return; }
    [["fillName", "name"], ["fillPhone", "phone"], ["fillMobile", "mobile"]].forEach(function (pair) {
      var input = select.dataset[pair[0]] ? document.getElementById(select.dataset[pair[0]]) : null;
      var value = option.dataset[pair[1]];
      if (input && value) {
        input.value = value;
        input.dispatchEvent(new Event("input", { bubbles: true }));  // length counters follow
      }
    });
  });
})();
