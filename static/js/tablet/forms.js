/* The call and visit forms: a record goes to the outbox first, then to the server; a refused
 * record comes back here to be corrected. */
import { config, t } from "./config.js";
import { draftKey, fillForm, keepDraft, readDraft, readForm } from "./drafts.js";
import { getRecord, putRecord } from "./outbox.js";
import { syncNow } from "./send.js";
import { el, keepFlash } from "./ui.js";

// The end of each kind's texts' names in config.texts ("savedCall", "keptMeasure"...).
const KIND_SUFFIX = { call: "Call", visit: "Visit", measure: "Measure", campaign: "Campaign" };

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
  // Answers that no longer apply (the senior would rather not answer) are put away and cleared.
  Array.prototype.forEach.call(form.querySelectorAll("[data-hidden-when]"), (part) => {
    const rule = part.dataset.hiddenWhen.split("=");
    part.hidden = fields[rule[0]] === rule[1];
    if (part.hidden) {
      Array.prototype.forEach.call(part.querySelectorAll("input"), (input) => { input.checked = false; });
    }
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
  const savedUuid = savedHere();
  if (savedUuid) {
    showAlreadySaved(form, savedUuid);
    return Promise.resolve();
  }
  return alreadySaved(readDraft(key)).then((saved) => {
    // A draft whose record is already in the outbox is that record: never a new one.
    if (saved) localStorage.removeItem(key);
    const draft = saved ? null : readDraft(key);
    // A page kept for offline use holds the identifier and date of the day it was kept; a
    // draft brings back its own identifier.
    // On a slow tablet the volunteer may have typed before this script ran: what they typed wins.
    const typed = changedByHand(form);
    uuidInput.value = newUuid();
    Array.prototype.forEach.call(form.querySelectorAll("[data-today]"), (input) => {
      if (!typed.has(input.name)) input.value = localToday();
    });
    if (draft) {
      const current = readForm(form);
      typed.forEach((name) => { draft[name] = current[name]; });
      fillForm(form, draft);
      document.getElementById("draft-notice").hidden = false;
    }
  });
}

/* The names of the fields whose value differs from the page's own: changed by the volunteer. */
function changedByHand(form) {
  const names = new Set();
  Array.prototype.forEach.call(form.elements, (input) => {
    if (!input.name || input.type === "hidden") return;
    const changed = input.type === "checkbox" || input.type === "radio"
      ? input.checked !== input.defaultChecked
      : input.tagName === "SELECT"
        ? Array.prototype.some.call(input.options, (option) => option.selected !== option.defaultSelected)
        : input.value !== input.defaultValue;
    if (changed) names.add(input.name);
  });
  return names;
}

/* Whether the record of these answers (or of this identifier) is already in the outbox, waiting
 * or sent: the form must then not be sent again as a new record. */
function alreadySaved(fieldsOrUuid) {
  const uuid = fieldsOrUuid && (fieldsOrUuid.uuid || fieldsOrUuid);
  if (typeof uuid !== "string" || !uuid) return Promise.resolve(false);
  return getRecord(uuid).then((record) => Boolean(record && record.status !== "refused"), () => false);
}

/* The identifier of the record saved from this very page, if it is one the browser's history
 * brought back (Back button, reload from history, back/forward cache). */
function savedHere() {
  const state = history.state;
  return state && typeof state.savedUuid === "string" ? state.savedUuid : null;
}

/* A form already saved is never sent again as a new record: it keeps the saved record's
 * identifier, its button is off, and the volunteer is offered a new empty form. */
function showAlreadySaved(form, uuid) {
  form.reset();
  form.querySelector("input[name=uuid]").value = uuid;
  form.querySelector("[type=submit]").disabled = true;
  document.getElementById("draft-notice").hidden = true;
  document.getElementById("sent-notice").hidden = false;
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
      if (previous && previous.status !== "refused") return Promise.reject(new Error("already saved"));
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
      keepFlash(t((sent ? "saved" : "kept") + KIND_SUFFIX[record.kind]));
      leave(form, key);
    }, () => {
      // This very form is already in the outbox (saved, then shown again): not a second record.
      keepFlash(t("alreadySaved"));
      leave(form, key);
    });
}

/* Leave for the senior's page. This page's entry in the browser's history remembers the record
 * saved from it, and the form is emptied so that the history does not keep it filled in. */
function leave(form, key) {
  localStorage.removeItem(key);
  const uuid = form.querySelector("input[name=uuid]").value;
  history.replaceState(Object.assign({}, history.state, { savedUuid: uuid }), "");
  form.reset();
  location.href = form.dataset.doneUrl;
}

export function setUpForm(form) {
  const key = draftKey();
  prepare(form, key).then(() => {
    toggleDependents(form);
    form.dataset.ready = "1";
  });
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
  // Shown again from the back/forward cache after it was saved.
  window.addEventListener("pageshow", (event) => {
    const savedUuid = savedHere();
    if (event.persisted && savedUuid) showAlreadySaved(form, savedUuid);
  });
  const fresh = document.querySelector("[data-action=new-form]");
  if (fresh) {
    fresh.addEventListener("click", () => {
      history.replaceState(null, "");
      location.replace(location.pathname);
    });
  }
}
