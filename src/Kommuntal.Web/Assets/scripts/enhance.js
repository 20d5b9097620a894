// Kommuntal: small progressive enhancements. Every page and every form works without this file
// (it is deferred, and nothing waits for it); with it:
// - an error summary ([data-focus-on-load]) takes focus when the page loads, so keyboard and
//   screen-reader users meet the errors first;
// - a link in the error summary moves focus to its field (a plain #id link only scrolls) and
//   shows the field's label above it.
(function () {
  'use strict';

  var summary = document.querySelector('[data-focus-on-load]');
  if (summary) {
    summary.focus();
    summary.addEventListener('click', function (event) {
      var link = event.target.closest('a[href^="#"]');
      if (!link) return;
      var field = document.getElementById(decodeURIComponent(link.getAttribute('href').slice(1)));
      if (!field) return;
      event.preventDefault();
      var label = document.querySelector('label[for="' + field.id + '"]');
      (label || field).scrollIntoView();
      field.focus({ preventScroll: true });
    });
  }
})();
