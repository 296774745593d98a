/* After an htmx action (assign a pair, mark a report read, record an attendance...), keyboard
 * focus goes to the part of the page that changed, and the change is said aloud through the
 * page's one live region (#announcer in templates/base.html). Loaded once by the base template.
 *
 * What is announced: the `data-announce` text of the new part (or of an element in it), else
 * the messages it carries. Focus moves only after an action of the user whose control was
 * replaced (a poll or a filter bar refreshing results elsewhere keeps the focus where it is):
 * to the element marked `data-focus` in the new part, else to the part itself. */
(function () {
  "use strict";
  var pending = null;

  function announce(text) {
    var region = document.getElementById("announcer");
    if (!region || !text) return;
    region.textContent = "";
    // Emptied first, then filled: the same message twice in a row is said twice.
    window.setTimeout(function () { region.textContent = text; }, 100);
  }

  function announcement(root) {
    var marked = root.matches("[data-announce]") ? root : root.querySelector("[data-announce]");
    if (marked && marked.getAttribute("data-announce")) return marked.getAttribute("data-announce");
    var messages = root.querySelector(".messages");
    return messages ? messages.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function focusOn(root) {
    var target = root.querySelector("[data-focus]") || root;
    if (!target.matches("a[href], button, input, select, textarea, [tabindex]")) {
      target.setAttribute("tabindex", "-1");
    }
    target.focus();
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    var active = document.activeElement;
    pending = {
      target: target,
      parent: target.parentElement,
      index: target.parentElement ? Array.prototype.indexOf.call(target.parentElement.children, target) : -1,
      byUser: Boolean(event.detail.requestConfig && event.detail.requestConfig.triggeringEvent),
      focusLost: Boolean(active && active !== document.body && target.contains(active)),
    };
  });

  document.addEventListener("htmx:afterSettle", function () {
    if (!pending) return;
    var before = pending;
    pending = null;
    // An inner swap keeps the target; an outer swap puts the new part in its place.
    var root = before.target.isConnected ? before.target : before.parent && before.parent.children[before.index];
    if (!root) return;
    if (before.byUser && before.focusLost) focusOn(root);
    announce(announcement(root));
  });
})();
