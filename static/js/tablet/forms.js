/* The call and visit forms: a record goes to the outbox first, then to the server; a refused
 * record comes back here to be corrected. */
import { config, t } from "./config.js";
import { draftKey, fillForm, keepDraft, readDraft, readForm } from "./drafts.js";
import { getRecord, putRecord } from "./outbox.js";
import { syncNow } from "./send.js";
import { el, keepFlash } from "./ui.js";

// An identifier made on the tablet: the server stores a record once per identifier.
function newUuid() {
  if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.prototype.map.call(bytes, (b) => ("0" + b.toString(16)).slice(-2)).join("");
  return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
}

function localToday() {
  const d = new Date();
  return d.getFullYear() + "-" + ("0" + (d.getMonth() + 1)).slice(-2) + "-" + ("0" + d.getDate()).slice(-2);
}

function showErrors(form, reason, errors) {
  Array.prototype.forEach.call(form.querySelectorAll("[data-errors-for]"), (box) => { box.textContent = ""; });
  const problem = document.getElementById("form-problem");
  const list = problem.querySelector("[data-list]");
  list.textContent = "";
  problem.querySelector("[data-message]").textContent = reason;
  Object.keys(errors || {}).forEach((name) => {
    const box = form.querySelector('[data-errors-for="' + name + '"]');
    errors[name].forEach((message) => {
      if (box) box.appendChild(el("p", "field-error", message));
      list.appendChild(el("li", "", message));
    });
  });
  problem.hidden = false;
  problem.scrollIntoView({ block: "start" });
}

function toggleDependents(form) {
  const fields = readForm(form);
  Array.prototype.forEach.call(form.querySelectorAll("[data-shown-when]"), (part) => {
    const rule = part.dataset.shownWhen.split("=");
    part.hidden = fields[rule[0]] !== rule[1];
  });
}

/* Fill the form: with the refused record being corrected, else with the draft left here. */
function prepare(form, key) {
  const uuidInput = form.querySelector("input[name=uuid]");
  const correcting = new URLSearchParams(location.search).get("corriger");
  if (correcting) {
    return getRecord(correcting).then((record) => {
      if (!record || record.user !== config.user || !record.fields) return;
      fillForm(form, record.fields);
      uuidInput.value = record.uuid; // the same record, corrected: still stored once
      showErrors(form, t("correcting") + " " + record.reason, record.errors);
    });
  }
  const draft = readDraft(key);
  // A page kept for offline use holds the identifier and date of the day it was kept.
  uuidInput.value = newUuid();
  Array.prototype.forEach.call(form.querySelectorAll("[data-today]"), (input) => { input.value = localToday(); });
  if (draft) {
    fillForm(form, draft);
    document.getElementById("draft-notice").hidden = false;
  }
  return Promise.resolve();
}

function save(form, key) {
  const button = form.querySelector("[type=submit]");
  button.disabled = true; // one tap, one record
  form.querySelector("input[name=logged_at]").value = new Date().toISOString();
  const fields = readForm(form);
  const record = {
    uuid: fields.uuid,
    user: config.user,
    kind: form.dataset.record,
    senior: Number(form.dataset.senior),
    seniorName: form.dataset.seniorName,
    formUrl: location.pathname,
    fields: fields,
    status: "pending",
    createdAt: new Date().toISOString(),
    seq: Date.now(),
  };
  getRecord(record.uuid)
    .then((previous) => {
      if (previous) record.seq = previous.seq; // a correction keeps its place in the queue
      return putRecord(record);
    })
    .then(() => {
      localStorage.removeItem(key);
      return syncNow();
    })
    .then(() => getRecord(record.uuid))
    .then((stored) => {
      if (stored && stored.status === "refused") {
        button.disabled = false;
        showErrors(form, t("refusedForm") + " " + stored.reason, stored.errors);
        return;
      }
      const sent = stored && stored.status === "sent";
      keepFlash(t((sent ? "saved" : "kept") + (record.kind === "call" ? "Call" : "Visit")));
      location.href = form.dataset.doneUrl;
    });
}

export function setUpForm(form) {
  const key = draftKey();
  prepare(form, key).then(() => { toggleDependents(form); });
  form.addEventListener("change", () => {
    toggleDependents(form);
    keepDraft(form, key);
  });
  form.addEventListener("input", () => { keepDraft(form, key); });
  const clear = document.querySelector("[data-action=clear-draft]");
  if (clear) {
    clear.addEventListener("click", () => {
      localStorage.removeItem(key);
      location.replace(location.pathname);
    });
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    save(form, key);
  });
}
