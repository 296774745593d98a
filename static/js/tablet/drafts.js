/* A half-filled form kept on the tablet (localStorage) until it is saved, and the reading and
 * filling of forms that drafts and corrections share. */
import { config, DRAFT_PREFIX } from "./config.js";

export function draftKey() { return DRAFT_PREFIX + config.user + ":" + location.pathname; }

export function readForm(form) {
  const fields = {};
  Array.prototype.forEach.call(form.elements, (input) => {
    if (!input.name || input.name === "csrfmiddlewaretoken" || input.disabled) return;
    if (input.type === "checkbox" && form.querySelectorAll('[name="' + input.name + '"]').length > 1) {
      fields[input.name] = fields[input.name] || [];
      if (input.checked) fields[input.name].push(input.value);
    } else if (input.type === "checkbox" || input.type === "radio") {
      if (input.checked) fields[input.name] = input.value;
    } else {
      fields[input.name] = input.value;
    }
  });
  return fields;
}

export function fillForm(form, fields) {
  Array.prototype.forEach.call(form.elements, (input) => {
    if (!input.name || !(input.name in fields) || input.name === "csrfmiddlewaretoken") return;
    const value = fields[input.name];
    if (input.type === "checkbox" || input.type === "radio") {
      input.checked = Array.isArray(value) ? value.indexOf(input.value) !== -1 : value === input.value;
    } else {
      input.value = value;
    }
  });
  // A single checkbox left unticked is absent from the saved fields.
  Array.prototype.forEach.call(form.querySelectorAll("input[type=checkbox]"), (input) => {
    if (!(input.name in fields)) input.checked = false;
  });
}

export function readDraft(key) {
  try {
    return JSON.parse(localStorage.getItem(key) || "null");
  } catch (e) {
    return null;
  }
}

export function keepDraft(form, key) {
  if (form.dataset.draft) localStorage.setItem(key, JSON.stringify(readForm(form)));
}

/* The drafts of the volunteer logged in, on every page. */
export function myDraftKeys() {
  const keys = [];
  for (let i = 0; i < localStorage.length; i++) {
    const k = localStorage.key(i);
    if (k.indexOf(DRAFT_PREFIX + config.user + ":") === 0) keys.push(k);
  }
  return keys;
}
