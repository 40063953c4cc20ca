/* A live character count for short text with a limit (the summaries): progressive
   enhancement of conditions/admin_forms.py's CountedTextarea, whose "Up to N characters"
   hint the server writes. The count is shown at once and told to screen readers politely,
   once typing pauses. */
'use strict';
(function () {
  const PAUSE_MS = 1000;

  function count(text) {
    // As the server counts it: line breaks become spaces, spaces at the ends go.
    return Array.from(text.replace(/\s+/g, ' ').trim()).length;
  }

  function message(left) {
    if (left >= 0) {
      return 'You have ' + left + (left === 1 ? ' character' : ' characters') + ' remaining';
    }
    const over = -left;
    return 'You have ' + over + (over === 1 ? ' character' : ' characters') + ' too many';
  }

  function setUp(field) {
    const max = parseInt(field.dataset.maxLength, 10);
    const hint = document.getElementById(field.id + '_hint');
    if (!max || !hint) return;
    const shown = document.createElement('div');
    shown.className = 'char-count';
    shown.id = field.id + '_count';
    shown.setAttribute('aria-hidden', 'true');
    const spoken = document.createElement('div');
    spoken.className = 'visually-hidden';
    spoken.setAttribute('aria-live', 'polite');
    hint.after(shown, spoken);
    let timer = null;

    function update(announce) {
      const left = max - count(field.value);
      shown.textContent = message(left);
      shown.classList.toggle('char-count--over', left < 0);
      field.classList.toggle('counted--over', left < 0);
      if (announce) {
        clearTimeout(timer);
        timer = setTimeout(function () { spoken.textContent = message(left); }, PAUSE_MS);
      }
    }
    field.addEventListener('input', function () { update(true); });
    update(false);
  }

  function start() {
    document.querySelectorAll('textarea[data-max-length]').forEach(setUp);
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
