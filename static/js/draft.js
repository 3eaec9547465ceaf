/*
 * Saves what is typed into a form marked data-draft (the steps of the registration journey) on the server as a
 * draft, so that closing the browser in the middle of a step loses nothing: the server keeps it in the session,
 * whose cookie outlives the browser. Without this file the draft is kept whenever the step is sent ("Next" with
 * errors, "Back"). Loaded with defer from templates/startups/registration_base.html.
 */
(function () {
  "use strict";
  var form = document.querySelector("form[data-draft]");
  if (!form || !window.fetch || !window.FormData) {
    return;
  }
  var timer = null;

  function save(keepalive) {
    window.clearTimeout(timer);
    timer = null;
    var data = new FormData(form);
    data.set("draft", "1");
    var url = form.getAttribute("action") || window.location.href;
    // Offline or refused: the entries stay on the page and are saved with the next change or when sent.
    fetch(url, { method: "POST", body: data, credentials: "same-origin", keepalive: keepalive }).catch(function () {});
  }

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(save, 400, false);
  }

  form.addEventListener("input", later);
  form.addEventListener("change", later);
  form.addEventListener("submit", function () {
    window.clearTimeout(timer); // the form itself carries the entries now
    timer = null;
  });
  // Closing the tab within the pause: save at once, the browser finishes the request after the page is gone.
  window.addEventListener("pagehide", function () {
    if (timer) {
      save(true);
    }
  });
})();
