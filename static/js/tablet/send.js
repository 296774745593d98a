/* Sending the outbox to the server, in order; a resend is harmless (the server stores a record
 * once per identifier). */
import { config, SENT_KEPT } from "./config.js";
import { allRecords, deleteRecord, mine, putRecord } from "./outbox.js";
import { renderOutbox } from "./ui.js";

let loginNeeded = false;
let syncing = null;

function csrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  if (match) return decodeURIComponent(match[1]);
  const input = document.querySelector("input[name=csrfmiddlewaretoken]");
  return input ? input.value : "";
}

/* The server's answer: stored (or kept for the coordinator) and refused end the record's wait;
 * "login" (session gone, stale token) and "error" keep it, and the following ones, for later. */
function keepAnswer(record, answer) {
  if (answer.status === "login") {
    loginNeeded = true;
    return "stop";
  }
  if (answer.status !== "stored" && answer.status !== "queued" && answer.status !== "refused") return "stop";
  if (answer.status !== "refused") {
    record.status = "sent";
    record.queued = answer.status === "queued";
    record.sentAt = new Date().toISOString();
    record.fields = null; // what was sent is now on the server: keep no copy here
    delete record.reason;
    delete record.errors;
  } else {
    record.status = "refused";
    record.reason = answer.reason;
    record.errors = answer.errors || {};
  }
  return putRecord(record).then(() => "next");
}

/* "next" once the server answered, "stop" to keep this record and the following ones for later. */
function sendOne(record) {
  let timer;
  // A network so slow that nothing comes back counts as no network: the record stays waiting
  // and goes again later (the server keeps one record per uuid, whatever the resends).
  const late = new Promise((resolve) => {
    timer = setTimeout(() => { resolve("stop"); }, config.sendTimeoutMs);
  });
  const sent = fetch(config.syncUrl, {
    method: "POST",
    credentials: "same-origin",
    redirect: "manual",
    headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
    body: JSON.stringify({ kind: record.kind, uuid: record.uuid, senior: record.senior, fields: record.fields }),
  }).then((response) => {
    const json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
    if (!json) {
      // Not the endpoint's answer (a proxy's error page, a redirection): keep the record.
      if (response.status < 500) loginNeeded = true;
      return "stop";
    }
    return response.json().then((answer) => keepAnswer(record, answer));
  }, () => "stop"); // no network: try again later, in the same order
  // No answer in time: the record stays waiting and goes again later (an answer that comes
  // late still marks it sent).
  return Promise.race([sent, late]).then((next) => {
    clearTimeout(timer);
    return next;
  }, () => {
    clearTimeout(timer);
    return "stop"; // the answer was cut off: the record is still waiting
  });
}

function pruneSent() {
  return allRecords().then((records) => {
    const sent = mine(records).filter((r) => r.status === "sent");
    const old = sent.slice(0, Math.max(0, sent.length - SENT_KEPT));
    return Promise.all(old.map((r) => deleteRecord(r.uuid)));
  });
}

/* Send what waits, one record after the other, then redraw the outbox. */
export function syncNow() {
  if (syncing) return syncing;
  syncing = allRecords()
    .then((records) => {
      loginNeeded = false;
      const waiting = mine(records).filter((r) => r.status === "pending");
      let step = Promise.resolve("next");
      waiting.forEach((record) => {
        step = step.then((previous) => (previous === "stop" ? "stop" : sendOne(record)));
      });
      return step;
    })
    .then(pruneSent)
    .catch(() => {})
    .then(() => {
      syncing = null;
      return renderOutbox(loginNeeded);
    });
  return syncing;
}
