/* Logging out on a shared tablet: warn first if records wait or a form is half filled, then
 * clear what the next volunteer must not see. */
import { config, OWNER_KEY } from "./config.js";
import { myDraftKeys } from "./drafts.js";
import { allRecords, deleteRecord, mine } from "./outbox.js";

function clearTablet() {
  myDraftKeys().forEach((k) => { localStorage.removeItem(k); });
  localStorage.removeItem(OWNER_KEY);
  return allRecords()
    .then((records) => {
      // What was sent leaves the tablet; what was not stays until it is sent or discarded.
      const sent = mine(records).filter((r) => r.status === "sent");
      return Promise.all(sent.map((r) => deleteRecord(r.uuid)));
    })
    .then(() => (window.caches ? caches.delete(config.cacheName) : null))
    .catch(() => {});
}

export function guardLogout() {
  const form = document.querySelector('form[action="' + config.logoutUrl + '"]');
  const dialog = document.getElementById("logout-dialog");
  if (!form) return;
  let confirmed = false;
  function leave() {
    confirmed = true;
    clearTablet().then(() => { form.submit(); });
  }
  form.addEventListener("submit", (event) => {
    if (confirmed) return;
    event.preventDefault();
    allRecords().then((records) => {
      const waiting = mine(records).filter((r) => r.status !== "sent").length;
      const drafts = myDraftKeys().length;
      if (!waiting && !drafts) return leave();
      dialog.querySelector("[data-count]").textContent = String(waiting);
      dialog.querySelector("[data-waiting]").hidden = !waiting;
      dialog.querySelector("[data-drafts]").hidden = !drafts;
      dialog.showModal();
    });
  });
  dialog.querySelector("[data-action=stay]").addEventListener("click", () => { dialog.close(); });
  dialog.querySelector("[data-action=logout]").addEventListener("click", () => { dialog.close(); leave(); });
}
