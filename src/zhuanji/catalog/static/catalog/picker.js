// The qualification picker (catalog/_picker.html): turns the plain select into 系列 › 专业 › 级别 selects
// whose options htmx loads; the plain select stays the form's value (hidden), chips show the choice.
(function () {
  "use strict";
  if (window.zhuanjiPicker) { window.zhuanjiPicker.initAll(document); return; }

  function valueSelect(picker) { return picker.querySelector("[data-picker-value]"); }

  function optionPath(option) {
    if (option.dataset.path) { return option.dataset.path; }
    var group = option.parentNode && option.parentNode.tagName === "OPTGROUP" ? option.parentNode.label + "/" : "";
    return group + option.textContent;
  }

  function render(picker) {
    var chips = picker.querySelector(".picker-chips");
    var multiple = picker.dataset.multiple === "1";
    var chosen = Array.prototype.filter.call(valueSelect(picker).selectedOptions, function (o) { return o.value; });
    chips.textContent = "";
    if (!chosen.length) {
      var empty = document.createElement("span");
      empty.className = "text-muted small";
      empty.textContent = chips.dataset.empty;
      chips.appendChild(empty);
    }
    chosen.forEach(function (option) {
      var chip = document.createElement("span");
      chip.className = "badge text-bg-light border picker-chip";
      chip.dataset.value = option.value;
      chip.textContent = optionPath(option);
      if (multiple) {
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "btn-close ms-1";
        remove.setAttribute("aria-label", "移除 " + optionPath(option));
        remove.addEventListener("click", function () { option.selected = false; changed(picker); });
        chip.appendChild(remove);
      }
      chips.appendChild(chip);
    });
  }

  function changed(picker) {
    valueSelect(picker).dispatchEvent(new Event("change", { bubbles: true }));
    render(picker);
  }

  function choose(picker, pk) {
    var select = valueSelect(picker);
    var option = select.querySelector('option[value="' + CSS.escape(pk) + '"]');
    if (!option) { return; }
    if (select.multiple) { option.selected = true; } else { select.value = pk; }
    changed(picker);
  }

  function placeholder(select, text) {
    select.textContent = "";
    var option = document.createElement("option");
    option.value = "";
    option.textContent = text;
    select.appendChild(option);
  }

  function init(picker) {
    if (picker.dataset.ready) { return; }
    picker.dataset.ready = "1";
    var qualification = picker.querySelector("[data-picker-qualification]");
    picker.querySelector("[data-picker-series]").addEventListener("change", function () {
      placeholder(qualification, "请先选择专业");
    });
    qualification.addEventListener("change", function () {
      if (!qualification.value) { return; }
      choose(picker, qualification.value);
      if (picker.dataset.multiple === "1") { qualification.selectedIndex = 0; }
    });
    // select_whole: 选择整个系列 / 选择整个专业 choose what the series or specialty select shows.
    picker.querySelectorAll("[data-picker-whole]").forEach(function (button) {
      button.addEventListener("click", function () {
        var kind = button.dataset.pickerWhole;
        var source = picker.querySelector("[data-picker-" + kind + "]");
        if (source && source.value) { choose(picker, kind + ":" + source.value); }
      });
    });
    valueSelect(picker).hidden = true;
    picker.querySelector(".picker-cascade").hidden = false;
    render(picker);
  }

  function initAll(root) {
    if (root.querySelectorAll) { root.querySelectorAll(".qual-picker").forEach(init); }
  }

  window.zhuanjiPicker = { initAll: initAll };
  if (window.htmx) { window.htmx.onLoad(initAll); }
  initAll(document);
})();
