// Progressive enhancement only: every page works without this file.
// In a value form with a Key/value | Plaintext choice, show only the chosen editor.
(function () {
  function sync(form) {
    var checked = form.querySelector('input[name="type"]:checked');
    if (!checked) return;
    form.querySelectorAll('[data-type]').forEach(function (el) {
      el.hidden = el.getAttribute('data-type') !== checked.value;
    });
  }
  function syncAll(root) {
    root.querySelectorAll('form').forEach(sync);
  }
  document.addEventListener('change', function (e) {
    if (e.target.name === 'type' && e.target.form) sync(e.target.form);
  });
  document.addEventListener('DOMContentLoaded', function () { syncAll(document); });
  document.addEventListener('htmx:afterSettle', function (e) { syncAll(e.target.parentNode || document); });
})();
