/* The volunteer pages on the tablet: offline use, the outbox of calls and visits, drafts.
 *
 * - Every call or visit is saved first in the tablet's outbox (outbox.js) with an identifier
 *   made here, then sent to the server in order (send.js). Nothing leaves the outbox without
 *   the server's answer or the volunteer discarding it.
 * - The service worker keeps the pages (offline.js).
 * - A half-filled form is kept as a draft until it is saved (drafts.js, forms.js).
 * Native modules, no build step; constants and texts come from the server (config.js). */
import { config, RETRY_MS } from "./config.js";
import { setUpForm } from "./forms.js";
import { guardLogout } from "./logout.js";
import { forgetOtherVolunteer, forgetPagesIfClosed, keepPagesForOffline, registerWorker } from "./offline.js";
import { syncNow } from "./send.js";
import { showFlash, showNetwork } from "./ui.js";

const root = document.getElementById("tablet");

if (root && config) {
  showFlash();
  showNetwork();
  guardLogout();
  Array.prototype.forEach.call(document.querySelectorAll("form[data-record]"), setUpForm);
  window.addEventListener("online", () => { showNetwork(); syncNow(); });
  // A page restored from the browser's history (back button) may have missed the event.
  window.addEventListener("pageshow", () => { showNetwork(); syncNow(); });
  window.addEventListener("offline", showNetwork);
  // Safari and iPadOS have no background sync: the outbox goes while a page is open, so also
  // when the volunteer comes back to the app.
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible" && navigator.onLine) syncNow();
  });
  // Ask that the outbox be spared when the browser clears storage (WebKit's seven days).
  if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {});
  setInterval(() => { if (navigator.onLine) syncNow(); }, RETRY_MS);
  forgetOtherVolunteer()
    .then(forgetPagesIfClosed)
    .then(syncNow)
    .then(registerWorker)
    .then(() => keepPagesForOffline(root))
    .catch(() => {});
}
