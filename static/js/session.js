/* Before an idle session ends, the page says so (RGAA 13.1): "Votre session va se terminer dans
 * 2 minutes", through a live region, with a "Rester connecté" button that asks the server to
 * restart the session's idle clock (POST to data-extend-url). When the session has ended the
 * page says so and offers to sign in again, back to this page.
 *
 * What was typed is not lost: the tablet's call and visit forms keep their draft themselves
 * (static/js/tablet/drafts.js, localStorage, per volunteer); the other forms of the page are
 * kept in this tab's sessionStorage when the session ends and filled in again when the same
 * page opens after signing in. Loaded by the base template for signed-in users. */
(function () {
  "use strict";
  var KEPT_PREFIX = "ccas-kept-form:";
  var box = document.getElementById("session-warning");
  if (!box) return;
  var text = document.getElementById("session-warning-text");
  var announcer = document.getElementById("session-announcer");
  var stay = box.querySelector("[data-action=stay]");
  var again = box.querySelector("[data-action=login]");
  var warningMs = Number(box.dataset.warning) * 1000;
  var timers = [];

  function announce(message) {
    announcer.textContent = "";
    // Emptied first, then filled: the same message twice in a row is said twice.
    window.setTimeout(function () { announcer.textContent = message; }, 100);
  }

  function isTyping() {
    var active = document.activeElement;
    return Boolean(active && active.matches("input, textarea, select, [contenteditable]"));
  }

  function warn() {
    text.textContent = box.dataset.textWarning;
    stay.hidden = false;
    again.hidden = true;
    box.hidden = false;
    announce(box.dataset.textWarning);
    // Someone typing keeps the focus where they type; anyone else lands on the button.
    if (!isTyping()) stay.focus();
  }

  function keepForms() {
    Array.prototype.forEach.call(document.querySelectorAll("main form[method=post]:not([data-record])"), function (form, index) {
      var fields = [];
      Array.prototype.forEach.call(form.elements, function (input) {
        if (!input.name || input.type === "hidden" || input.type === "password" || input.type === "file") return;
        if ((input.type === "checkbox" || input.type === "radio") && !input.checked) return;
        if (input.value) fields.push([input.name, input.value, input.type]);
      });
      if (fields.length) sessionStorage.setItem(KEPT_PREFIX + location.pathname + ":" + index, JSON.stringify(fields));
    });
  }

  function restoreForms() {
    var restored = false;
    Array.prototype.forEach.call(document.querySelectorAll("main form[method=post]:not([data-record])"), function (form, index) {
      var key = KEPT_PREFIX + location.pathname + ":" + index;
      var kept = sessionStorage.getItem(key);
      if (!kept) return;
      sessionStorage.removeItem(key);
      JSON.parse(kept).forEach(function (field) {
        Array.prototype.forEach.call(form.querySelectorAll('[name="' + field[0] + '"]'), function (input) {
          if (input.type === "checkbox" || input.type === "radio") {
            if (input.value === field[1]) input.checked = true;
          } else if (input.type !== "hidden") {
            input.value = field[1];
          }
        });
      });
      restored = true;
    });
    if (restored) {
      var notice = document.getElementById("session-restored");
      notice.hidden = false;
      announce(notice.textContent);
    }
  }

  function end() {
    keepForms();
    text.textContent = box.dataset.textEnded;
    stay.hidden = true;
    again.hidden = false;
    box.hidden = false;
    announce(box.dataset.textEnded);
    if (!isTyping()) again.focus();
  }

  function schedule(remainingMs) {
    timers.forEach(window.clearTimeout);
    timers = [
      window.setTimeout(warn, Math.max(0, remainingMs - warningMs)),
      window.setTimeout(end, remainingMs),
    ];
  }

  stay.addEventListener("click", function () {
    stay.disabled = true;
    fetch(box.dataset.extendUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": box.dataset.csrf, "Accept": "application/json" },
    })
      .then(function (response) {
        var isJson = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
        if (!response.ok || response.redirected || !isJson) return Promise.reject(new Error("ended"));
        return response.json();
      })
      .then(function (answer) {
        box.hidden = true;
        announce(box.dataset.textExtended);
        schedule(answer.idle_seconds * 1000);
      }, function () {
        // Signed out meanwhile, or no network: say what is sure only if the server answered.
        if (navigator.onLine) end();
      })
      .then(function () { stay.disabled = false; });
  });

  restoreForms();
  // A tablet page opened without network is a copy kept earlier: its time left says nothing.
  if (navigator.onLine) schedule(Number(box.dataset.remaining) * 1000);
})();
