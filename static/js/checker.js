// Symptom checker, progressive enhancement: every page works without it.
// - Focus moves to the outcome (or the error summary), so it is read out first.
// - "None of these" clears the other boxes of its question, and ticking another clears it.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var target = document.querySelector("[data-autofocus]");
    if (target) {
      target.focus();
    }
    document.querySelectorAll("input[data-exclusive]").forEach(function (only) {
      var boxes = only.closest("fieldset").querySelectorAll('input[type="checkbox"]');
      var others = Array.prototype.filter.call(boxes, function (box) { return box !== only; });
      only.addEventListener("change", function () {
        if (only.checked) {
          others.forEach(function (box) { box.checked = false; });
        }
      });
      others.forEach(function (box) {
        box.addEventListener("change", function () {
          if (box.checked) {
            only.checked = false;
          }
        });
      });
    });
  });
})();
