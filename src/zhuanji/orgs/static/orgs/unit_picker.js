// 选择工作单位: a result row's button copies the unit into the picker that opened the dialog, then closes it.
(function () {
  "use strict";
  if (window.zhuanjiUnitPicker) { return; }
  window.zhuanjiUnitPicker = true;
  document.addEventListener("click", function (evt) {
    var button = evt.target.closest("[data-pick-unit]");
    if (!button) { return; }
    var hidden = document.getElementById(button.dataset.target);
    if (!hidden) { return; }
    hidden.value = button.dataset.unitId;
    hidden.dispatchEvent(new Event("change", { bubbles: true }));
    var display = document.getElementById(button.dataset.target + "_display");
    if (display) { display.value = button.dataset.unitName; }
    document.body.dispatchEvent(new Event("closeDialog"));
  });
})();
