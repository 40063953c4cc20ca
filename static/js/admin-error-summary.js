/* The editorial forms' error summary (templates/admin/conditions/includes/error_summary.html):
   focused when the page loads, so it is the first thing read; each link moves focus to
   its field and shows the field's label. Without this file the links still jump. */
'use strict';
(function () {
  // Autocomplete boxes hide the real <select>: focus the box a person uses instead.
  function focusable(target) {
    if (target.classList.contains('select2-hidden-accessible')) {
      const box = target.nextElementSibling &&
        target.nextElementSibling.querySelector('.select2-selection');
      if (box) return box;
    }
    return target;
  }

  function showField(target) {
    const row = target.closest('.form-row, tr, .fieldBox, fieldset') || target;
    row.scrollIntoView({block: 'start'});
    focusable(target).focus({preventScroll: true});
  }

  function setUp(summary) {
    summary.addEventListener('click', function (event) {
      const link = event.target.closest('a[data-field]');
      const target = link && document.getElementById(link.dataset.field);
      if (!target) return;
      event.preventDefault();
      showField(target);
      history.replaceState(null, '', '#' + link.dataset.field);
    });
    summary.focus();
  }

  // After "load": Django's change_form.js (async) focuses the first field of an add form.
  window.addEventListener('load', function () {
    const summary = document.querySelector('.error-summary[data-autofocus]');
    if (summary) setUp(summary);
  });
})();
