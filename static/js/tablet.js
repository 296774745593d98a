/* The volunteer pages on the tablet: offline use, the outbox of calls and visits, drafts.
 *
 * - Every call or visit is saved first in the tablet's outbox (IndexedDB) with an identifier
 *   made here, then sent to the server in order; a resend is harmless (the server stores a
 *   record once per identifier). Nothing leaves the outbox without the server's answer or the
 *   volunteer discarding it.
 * - The service worker (sw.js) keeps the pages; the home page asks for every senior's pages
 *   and forms to be kept, so they open without network.
 * - A half-filled form is kept as a draft (localStorage) until it is saved.
 * Plain JavaScript, no build step. French texts come from data- attributes of the page. */
(function () {
  "use strict";

  var root = document.getElementById("tablet");
  if (!root) return;
  var user = root.dataset.user;
  var texts = document.getElementById("tablet-texts").dataset;
  var CACHE = "ccas-tablet-v1";
  var DB_NAME = "ccas-tablet";
  var STORE = "records";
  var PAGE_MAX_AGE_MS = 12 * 60 * 60 * 1000;
  // Checking costs a read of the tablet's own store; the server is asked only when records wait.
  var RETRY_MS = 5000;
  var SEND_TIMEOUT_MS = 20000;
  var SENT_KEPT = 10;

  function t(name, n) {
    var text = texts[name] || "";
    return n === undefined ? text : text.replace("{n}", String(n));
  }

  // ---- Identifiers made on the tablet -------------------------------------------------
  function newUuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function localToday() {
    var d = new Date();
    return d.getFullYear() + "-" + ("0" + (d.getMonth() + 1)).slice(-2) + "-" + ("0" + d.getDate()).slice(-2);
  }

  // ---- The outbox (IndexedDB) ---------------------------------------------------------
  var dbPromise = null;
  function openDb() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        var request = indexedDB.open(DB_NAME, 1);
        request.onupgradeneeded = function () { request.result.createObjectStore(STORE, { keyPath: "uuid" }); };
        request.onsuccess = function () { resolve(request.result); };
        request.onerror = function () { reject(request.error); };
      });
    }
    return dbPromise;
  }

  function withStore(mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var result = work(tx.objectStore(STORE));
        tx.oncomplete = function () { resolve(result && "result" in result ? result.result : undefined); };
        tx.onerror = function () { reject(tx.error); };
      });
    });
  }

  function allRecords() {
    return withStore("readonly", function (store) { return store.getAll(); }).then(function (records) {
      return (records || []).sort(function (a, b) { return a.seq - b.seq; });
    });
  }
  function getRecord(uuid) { return withStore("readonly", function (store) { return store.get(uuid); }); }
  function putRecord(record) { return withStore("readwrite", function (store) { store.put(record); }); }
  function deleteRecord(uuid) { return withStore("readwrite", function (store) { store.delete(uuid); }); }

  function mine(records) { return records.filter(function (r) { return r.user === user; }); }

  // ---- Sending, in order --------------------------------------------------------------
  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  var loginNeeded = false;
  var syncing = null;

  // A network so slow that nothing comes back counts as no network: the record stays waiting
  // and goes again later (the server keeps one record per uuid, whatever the resends).
  function sendTimeoutMs() { return Number(root.dataset.sendTimeoutMs) || SEND_TIMEOUT_MS; } // settings

  function sendOne(record) {
    var timer;
    var late = new Promise(function (resolve) {
      timer = setTimeout(function () { resolve("stop"); }, sendTimeoutMs());
    });
    var sent = fetch(root.dataset.syncUrl, {
      method: "POST",
      credentials: "same-origin",
      redirect: "manual",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify({ kind: record.kind, uuid: record.uuid, senior: record.senior, fields: record.fields }),
    }).then(function (response) {
      var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
      if (!json) {
        // Redirected to the login page, or the session's token is stale: keep the record.
        loginNeeded = true;
        return "stop";
      }
      return response.json().then(function (answer) {
        if (answer.status === "stored") {
          record.status = "sent";
          record.sentAt = new Date().toISOString();
          record.fields = null; // what was sent is now on the server: keep no copy here
          delete record.reason;
          delete record.errors;
        } else {
          record.status = "refused";
          record.reason = answer.reason;
          record.errors = answer.errors || {};
        }
        return putRecord(record).then(function () { return "next"; });
      });
    }, function () {
      return "stop"; // no network: try again later, in the same order
    });
    // No answer in time: the record stays waiting and goes again later (an answer that comes
    // late still marks it sent).
    return Promise.race([sent, late]).then(function (next) {
      clearTimeout(timer);
      return next;
    }, function () {
      clearTimeout(timer);
      return "stop"; // the answer was cut off: the record is still waiting
    });
  }

  function syncNow() {
    if (syncing) return syncing;
    syncing = allRecords()
      .then(function (records) {
        loginNeeded = false;
        var waiting = mine(records).filter(function (r) { return r.status === "pending"; });
        var step = Promise.resolve("next");
        waiting.forEach(function (record) {
          step = step.then(function (previous) { return previous === "stop" ? "stop" : sendOne(record); });
        });
        return step;
      })
      .then(pruneSent)
      .catch(function () {})
      .then(function () {
        syncing = null;
        return renderOutbox();
      });
    return syncing;
  }

  function pruneSent() {
    return allRecords().then(function (records) {
      var sent = mine(records).filter(function (r) { return r.status === "sent"; });
      var old = sent.slice(0, Math.max(0, sent.length - SENT_KEPT));
      return Promise.all(old.map(function (r) { return deleteRecord(r.uuid); }));
    });
  }

  // ---- What is waiting and what was sent ----------------------------------------------
  function formatTime(iso) {
    var d = new Date(iso);
    return d.toLocaleDateString("fr-FR", { day: "numeric", month: "long" }) + " " +
      d.toLocaleTimeString("fr-FR", { hour: "2-digit", minute: "2-digit" });
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function renderOutbox() {
    return allRecords().then(function (records) {
      var own = mine(records);
      var others = records.filter(function (r) { return r.user !== user && r.status !== "sent"; });
      var pending = own.filter(function (r) { return r.status === "pending"; });
      var refused = own.filter(function (r) { return r.status === "refused"; });
      var box = document.getElementById("outbox");
      var list = document.getElementById("outbox-list");
      list.textContent = "";
      box.hidden = own.length === 0 && others.length === 0;
      var summary = [];
      if (pending.length) summary.push(t("summaryPending", pending.length));
      if (refused.length) summary.push(t("summaryRefused", refused.length));
      if (!pending.length && !refused.length && own.length) summary.push(t("summarySent"));
      if (others.length) summary.push(t("summaryOther", others.length));
      if (loginNeeded && pending.length) summary.push(t("loginNeeded"));
      document.getElementById("outbox-summary").textContent = summary.join(" ");
      refused.concat(pending, own.filter(function (r) { return r.status === "sent"; }).reverse()).forEach(function (record) {
        list.appendChild(outboxItem(record));
      });
      return { pending: pending.length, refused: refused.length };
    });
  }

  function outboxItem(record) {
    var item = el("li");
    item.dataset.uuid = record.uuid;
    item.dataset.state = record.status;
    var title = el("p", "mb-1");
    title.appendChild(el("strong", "", (record.kind === "call" ? t("call") : t("visit")) + " — " + record.seniorName));
    title.appendChild(document.createTextNode(" · " + formatTime(record.createdAt)));
    item.appendChild(title);
    var state = el("p", "mb-0 state state-" + record.status);
    state.textContent = record.status === "sent" ? t("sent") + " (" + formatTime(record.sentAt) + ")"
      : record.status === "refused" ? t("refused") + " : " + record.reason : t("pending");
    item.appendChild(state);
    if (record.status === "refused") {
      var problems = el("ul", "mb-0");
      Object.keys(record.errors || {}).forEach(function (name) {
        record.errors[name].forEach(function (message) { problems.appendChild(el("li", "", message)); });
      });
      item.appendChild(problems);
      var actions = el("div", "actions");
      if (!(record.errors && record.errors.senior)) {
        var correct = el("a", "btn btn-primary", t("correct"));
        correct.href = record.formUrl + "?corriger=" + encodeURIComponent(record.uuid);
        actions.appendChild(correct);
      }
      var discard = el("button", "btn btn-outline-danger", t("discard"));
      discard.type = "button";
      discard.addEventListener("click", function () {
        if (window.confirm(t("confirmDiscard"))) deleteRecord(record.uuid).then(renderOutbox);
      });
      actions.appendChild(discard);
      item.appendChild(actions);
    }
    return item;
  }

  // ---- Forms: outbox first, drafts kept -----------------------------------------------
  function draftKey(form) { return "ccas-draft:" + user + ":" + location.pathname; }

  function readForm(form) {
    var fields = {};
    Array.prototype.forEach.call(form.elements, function (input) {
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

  function fillForm(form, fields) {
    Array.prototype.forEach.call(form.elements, function (input) {
      if (!input.name || !(input.name in fields) || input.name === "csrfmiddlewaretoken") return;
      var value = fields[input.name];
      if (input.type === "checkbox" || input.type === "radio") {
        input.checked = Array.isArray(value) ? value.indexOf(input.value) !== -1 : value === input.value;
      } else {
        input.value = value;
      }
    });
    // A single checkbox left unticked is absent from the saved fields.
    Array.prototype.forEach.call(form.querySelectorAll("input[type=checkbox]"), function (input) {
      if (!(input.name in fields)) input.checked = false;
    });
  }

  function showErrors(form, reason, errors) {
    Array.prototype.forEach.call(form.querySelectorAll("[data-errors-for]"), function (box) { box.textContent = ""; });
    var problem = document.getElementById("form-problem");
    var list = problem.querySelector("[data-list]");
    list.textContent = "";
    problem.querySelector("[data-message]").textContent = reason;
    Object.keys(errors || {}).forEach(function (name) {
      var box = form.querySelector('[data-errors-for="' + name + '"]');
      errors[name].forEach(function (message) {
        if (box) box.appendChild(el("p", "field-error", message));
        list.appendChild(el("li", "", message));
      });
    });
    problem.hidden = false;
    problem.scrollIntoView({ block: "start" });
  }

  function toggleDependents(form) {
    var fields = readForm(form);
    Array.prototype.forEach.call(form.querySelectorAll("[data-shown-when]"), function (part) {
      var rule = part.dataset.shownWhen.split("=");
      part.hidden = fields[rule[0]] !== rule[1];
    });
  }

  function setUpForm(form) {
    var key = draftKey(form);
    var uuidInput = form.querySelector("input[name=uuid]");
    var correcting = new URLSearchParams(location.search).get("corriger");
    var ready;
    if (correcting) {
      ready = getRecord(correcting).then(function (record) {
        if (!record || record.user !== user || !record.fields) return;
        fillForm(form, record.fields);
        uuidInput.value = record.uuid; // the same record, corrected: still stored once
        showErrors(form, t("correcting") + " " + record.reason, record.errors);
      });
    } else {
      var draft = null;
      try { draft = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { draft = null; }
      // A page kept for offline use holds the identifier and date of the day it was kept.
      uuidInput.value = newUuid();
      Array.prototype.forEach.call(form.querySelectorAll("[data-today]"), function (input) { input.value = localToday(); });
      if (draft) {
        fillForm(form, draft);
        document.getElementById("draft-notice").hidden = false;
      }
      ready = Promise.resolve();
    }
    ready.then(function () { toggleDependents(form); });

    form.addEventListener("change", function () {
      toggleDependents(form);
      if (form.dataset.draft) localStorage.setItem(key, JSON.stringify(readForm(form)));
    });
    form.addEventListener("input", function () {
      if (form.dataset.draft) localStorage.setItem(key, JSON.stringify(readForm(form)));
    });
    var clear = document.querySelector("[data-action=clear-draft]");
    if (clear) clear.addEventListener("click", function () {
      localStorage.removeItem(key);
      location.replace(location.pathname);
    });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = form.querySelector("[type=submit]");
      button.disabled = true; // one tap, one record
      form.querySelector("input[name=logged_at]").value = new Date().toISOString();
      var fields = readForm(form);
      var record = {
        uuid: fields.uuid,
        user: user,
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
        .then(function (previous) {
          if (previous) record.seq = previous.seq; // a correction keeps its place in the queue
          return putRecord(record);
        })
        .then(function () {
          localStorage.removeItem(key);
          return syncNow();
        })
        .then(function () { return getRecord(record.uuid); })
        .then(function (stored) {
          if (stored && stored.status === "refused") {
            button.disabled = false;
            showErrors(form, t("refusedForm") + " " + stored.reason, stored.errors);
            return;
          }
          var sent = stored && stored.status === "sent";
          sessionStorage.setItem("ccas-flash", t((sent ? "saved" : "kept") + (record.kind === "call" ? "Call" : "Visit")));
          location.href = form.dataset.doneUrl;
        });
    });
  }

  function showFlash() {
    var text = sessionStorage.getItem("ccas-flash");
    if (!text) return;
    sessionStorage.removeItem("ccas-flash");
    var alert = el("div", "alert alert-success", text);
    document.getElementById("flash").appendChild(alert);
  }

  // ---- Offline: service worker and the pages kept -------------------------------------
  function registerWorker() {
    if (!("serviceWorker" in navigator)) return Promise.resolve();
    var scope = new URL(root.dataset.swUrl, location.href).pathname.replace(/[^/]*$/, "");
    return navigator.serviceWorker.register(root.dataset.swUrl, { scope: scope }).then(function () {
      return navigator.serviceWorker.ready;
    });
  }

  function isFresh(response) {
    var date = Date.parse(response.headers.get("Date") || "");
    return !isNaN(date) && Date.now() - date < PAGE_MAX_AGE_MS;
  }

  function keepPagesForOffline() {
    var holder = document.querySelector("[data-offline-urls]");
    if (!holder || !navigator.onLine || !window.caches) return Promise.resolve();
    var urls = JSON.parse(holder.dataset.offlineUrls);
    return caches.open(CACHE).then(function (cache) {
      return urls.reduce(function (step, url) {
        return step.then(function () {
          return cache.match(url).then(function (kept) {
            var isPage = url.indexOf(root.dataset.staticPrefix) !== 0;
            if (kept && (!isPage || isFresh(kept))) return null;
            // Static files the page has just loaded come from the browser's cache, not the network.
            var options = { credentials: "same-origin", headers: { "X-Tablet-Precache": "1" } };
            if (!isPage) options.cache = "force-cache";
            return fetch(url, options)
              .then(function (response) {
                if (response.ok && !response.redirected) return cache.put(url, response);
                return null;
              })
              .catch(function () { return null; });
          });
        });
      }, Promise.resolve());
    }).then(function () { root.dataset.offlineReady = "1"; });
  }

  function forgetOtherVolunteer() {
    // A shared tablet: pages kept for someone else are not shown to this volunteer.
    var owner = localStorage.getItem("ccas-tablet-owner");
    localStorage.setItem("ccas-tablet-owner", user);
    if (owner && owner !== user && window.caches) return caches.delete(CACHE);
    return Promise.resolve();
  }

  // ---- Logging out on a shared tablet -------------------------------------------------
  function myDraftKeys() {
    var keys = [];
    for (var i = 0; i < localStorage.length; i++) {
      var k = localStorage.key(i);
      if (k.indexOf("ccas-draft:" + user + ":") === 0) keys.push(k);
    }
    return keys;
  }

  function clearTablet() {
    myDraftKeys().forEach(function (k) { localStorage.removeItem(k); });
    localStorage.removeItem("ccas-tablet-owner");
    return allRecords()
      .then(function (records) {
        // What was sent leaves the tablet; what was not stays until it is sent or discarded.
        var sent = mine(records).filter(function (r) { return r.status === "sent"; });
        return Promise.all(sent.map(function (r) { return deleteRecord(r.uuid); }));
      })
      .then(function () { return window.caches ? caches.delete(CACHE) : null; })
      .catch(function () {});
  }

  function guardLogout() {
    var form = document.querySelector('form[action="' + root.dataset.logoutUrl + '"]');
    var dialog = document.getElementById("logout-dialog");
    if (!form) return;
    var confirmed = false;
    function leave() {
      confirmed = true;
      clearTablet().then(function () { form.submit(); });
    }
    form.addEventListener("submit", function (event) {
      if (confirmed) return;
      event.preventDefault();
      allRecords().then(function (records) {
        var waiting = mine(records).filter(function (r) { return r.status !== "sent"; }).length;
        var drafts = myDraftKeys().length;
        if (!waiting && !drafts) return leave();
        dialog.querySelector("[data-count]").textContent = String(waiting);
        dialog.querySelector("[data-waiting]").hidden = !waiting;
        dialog.querySelector("[data-drafts]").hidden = !drafts;
        dialog.showModal();
      });
    });
    dialog.querySelector("[data-action=stay]").addEventListener("click", function () { dialog.close(); });
    dialog.querySelector("[data-action=logout]").addEventListener("click", function () { dialog.close(); leave(); });
  }

  // ---- Start --------------------------------------------------------------------------
  function showNetwork() {
    document.getElementById("offline-banner").hidden = navigator.onLine;
  }

  showFlash();
  showNetwork();
  guardLogout();
  Array.prototype.forEach.call(document.querySelectorAll("form[data-record]"), setUpForm);
  window.addEventListener("online", function () { showNetwork(); syncNow(); });
  // A page restored from the browser's history (back button) may have missed the event.
  window.addEventListener("pageshow", function () { showNetwork(); syncNow(); });
  window.addEventListener("offline", showNetwork);
  setInterval(function () { if (navigator.onLine) syncNow(); }, RETRY_MS);
  forgetOtherVolunteer()
    .then(syncNow)
    .then(registerWorker)
    .then(keepPagesForOffline)
    .catch(function () {});
})();
