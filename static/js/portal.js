/*
 * Small progressive enhancements; every page works without this file.
 * Loaded with defer from templates/base.html (the Content-Security-Policy allows only scripts from 'self').
 */
(function () {
  "use strict";

  // After a form was sent with errors, move the focus to the error summary, so that screen readers read it
  // and keyboard users start there.
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) {
    return;
  }
  summary.focus();

  // A link in the summary focuses its field and scrolls its label (or legend) into view, not just the input.
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) {
      return;
    }
    var input = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!input) {
      return;
    }
    event.preventDefault();
    var field = input.closest(".field");
    var label = field && field.querySelector("legend, .field__label");
    (label || input).scrollIntoView();
    input.focus({ preventScroll: true });
  });
})();

// The directory (templates/companies/directory.html): after htmx swapped in new results, announce their number
// in the page's persistent status region, which screen readers read out (the swapped-in heading is not a live
// region, so its change alone would go unnoticed).
(function () {
  "use strict";
  var status = document.querySelector("[data-directory-status]");
  if (!status) {
    return;
  }
  document.body.addEventListener("htmx:afterSettle", function () {
    var count = document.querySelector("[data-result-count]");
    if (count) {
      status.textContent = count.textContent.replace(/\s+/g, " ").trim();
    }
  });
})();
