/* What the volunteer sees of the outbox: what waits, what was refused, what was sent; the
 * message carried to the next page; the "no network" banner. */
import { config, FLASH_KEY, t } from "./config.js";
import { allRecords, deleteRecord, mine } from "./outbox.js";

// Whether the last send found the session gone (kept for the redraw after a discard).
let loginNeeded = false;

function formatTime(iso) {
  const d = new Date(iso);
  return d.toLocaleDateString(config.locale, { day: "numeric", month: "long" }) + " " +
    d.toLocaleTimeString(config.locale, { hour: "2-digit", minute: "2-digit" });
}

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

/* Tell the server, on every request from now on, what waits here and since when (a cookie:
 * the tablet's pages and sends carry it), so that a coordinator sees a tablet whose records
 * wait for days. */
function reportWaiting(waiting) {
  const since = waiting.reduce((first, r) => Math.min(first, Date.parse(r.createdAt) || first), Date.now());
  const value = config.user + "." + waiting.length + "." + (waiting.length ? Math.floor(since / 1000) : 0);
  const secure = location.protocol === "https:" ? "; Secure" : "";
  document.cookie = config.outboxCookie + "=" + value + "; path=/; max-age=31536000; SameSite=Lax" + secure;
  return since;
}

/* In plain words: records wait, and the app must be opened with network soon. */
function showWaiting(waiting, since) {
  const warning = document.getElementById("outbox-warning");
  if (!warning) return;
  warning.hidden = waiting.length === 0;
  warning.textContent = waiting.length
    ? t(waiting.length > 1 ? "waitingSinceMany" : "waitingSince", {
        n: waiting.length,
        since: formatTime(new Date(since).toISOString()),
      }) +
      " " +
      t("openSoon")
    : "";
}

export function renderOutbox(needsLogin = loginNeeded) {
  loginNeeded = needsLogin;
  return allRecords().then((records) => {
    const own = mine(records);
    const others = records.filter((r) => r.user !== config.user && r.status !== "sent");
    const pending = own.filter((r) => r.status === "pending");
    const refused = own.filter((r) => r.status === "refused");
    const waiting = own.filter((r) => r.status !== "sent");
    showWaiting(waiting, reportWaiting(waiting));
    const box = document.getElementById("outbox");
    const list = document.getElementById("outbox-list");
    list.textContent = "";
    box.hidden = own.length === 0 && others.length === 0;
    const summary = [];
    if (pending.length) summary.push(t("summaryPending", { n: pending.length }));
    if (refused.length) summary.push(t("summaryRefused", { n: refused.length }));
    if (!pending.length && !refused.length && own.length) summary.push(t("summarySent"));
    if (others.length) summary.push(t("summaryOther", { n: others.length }));
    if (loginNeeded && pending.length) summary.push(t("loginNeeded"));
    // A live region (role=status): changed only when the text does, so nothing is said twice.
    const summaryBox = document.getElementById("outbox-summary");
    if (summaryBox.textContent !== summary.join(" ")) summaryBox.textContent = summary.join(" ");
    refused.concat(pending, own.filter((r) => r.status === "sent").reverse()).forEach((record) => {
      list.appendChild(outboxItem(record));
    });
    return { pending: pending.length, refused: refused.length };
  });
}

function stateText(record) {
  if (record.status === "sent") return t(record.queued ? "queued" : "sent") + " (" + formatTime(record.sentAt) + ")";
  if (record.status === "refused") return t("refused", { reason: record.reason });
  return t("pending");
}

function outboxItem(record) {
  const item = el("li");
  item.dataset.uuid = record.uuid;
  item.dataset.state = record.status;
  const title = el("p", "mb-1");
  title.appendChild(el("strong", "", t(record.kind) + " — " + record.seniorName));
  title.appendChild(document.createTextNode(" · " + formatTime(record.createdAt)));
  item.appendChild(title);
  item.appendChild(el("p", "mb-0 state state-" + record.status, stateText(record)));
  if (record.status === "refused") {
    const problems = el("ul", "mb-0");
    Object.keys(record.errors || {}).forEach((name) => {
      record.errors[name].forEach((message) => { problems.appendChild(el("li", "", message)); });
    });
    item.appendChild(problems);
    item.appendChild(refusedActions(record));
  }
  return item;
}

function refusedActions(record) {
  const actions = el("div", "actions");
  if (!(record.errors && record.errors.senior)) {
    const correct = el("a", "btn btn-primary", t("correct"));
    correct.href = record.formUrl + "?corriger=" + encodeURIComponent(record.uuid);
    actions.appendChild(correct);
  }
  const discard = el("button", "btn btn-outline-danger", t("discard"));
  discard.type = "button";
  discard.addEventListener("click", () => {
    if (window.confirm(t("confirmDiscard"))) deleteRecord(record.uuid).then(() => renderOutbox());
  });
  actions.appendChild(discard);
  return actions;
}

/* Carry a message to the next page (shown there by showFlash). */
export function keepFlash(text) { sessionStorage.setItem(FLASH_KEY, text); }

export function showFlash() {
  const text = sessionStorage.getItem(FLASH_KEY);
  if (!text) return;
  sessionStorage.removeItem(FLASH_KEY);
  document.getElementById("flash").appendChild(el("div", "alert alert-success", text));
}

export function showNetwork() {
  document.getElementById("offline-banner").hidden = navigator.onLine;
  // A form that only the server can answer (not a record for the outbox) waits for the network.
  Array.prototype.forEach.call(document.querySelectorAll("form[data-needs-network]"), (form) => {
    form.querySelector("[type=submit]").disabled = !navigator.onLine;
    form.querySelector("[data-offline-note]").hidden = navigator.onLine;
  });
}
