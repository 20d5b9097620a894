// Kommuntal portal: progressive enhancement only. Every form works without this file; with it:
// - a form marked data-once sends once: its submit button is disabled after the first submission,
//   so a double click does not send it twice (the server refuses a second one anyway: the
//   county-year's ETag has changed, and the page says so);
// - a file can be dropped on a drop zone ([data-dropzone]): it fills the zone's plain file input.
(function () {
  'use strict';

  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute('data-once')) return;
    if (form.getAttribute('data-sent') === 'true') { event.preventDefault(); return; }
    form.setAttribute('data-sent', 'true');
    var buttons = form.querySelectorAll('button[type="submit"]');
    window.setTimeout(function () {
      for (var i = 0; i < buttons.length; i++) buttons[i].disabled = true;
    }, 0);
  });

  var zones = document.querySelectorAll('[data-dropzone]');
  Array.prototype.forEach.call(zones, function (zone) {
    var input = zone.querySelector('input[type="file"]');
    if (!input) return;
    ['dragenter', 'dragover'].forEach(function (name) {
      zone.addEventListener(name, function (event) {
        event.preventDefault();
        zone.classList.add('dropzone--over');
      });
    });
    ['dragleave', 'drop'].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove('dropzone--over'); });
    });
    zone.addEventListener('drop', function (event) {
      event.preventDefault();
      if (event.dataTransfer && event.dataTransfer.files && event.dataTransfer.files.length > 0) {
        input.files = event.dataTransfer.files;
        input.dispatchEvent(new Event('change', { bubbles: true }));
      }
    });
  });
})();
