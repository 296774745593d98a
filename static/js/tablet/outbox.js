/* The outbox: every call or visit saved on the tablet (IndexedDB), until the server has it or
 * the volunteer discards it. */
import { config } from "./config.js";

const STORE = "records";
let dbPromise = null;

function openDb() {
  if (!dbPromise) {
    dbPromise = new Promise((resolve, reject) => {
      const request = indexedDB.open(config.outboxDb, 1);
      request.onupgradeneeded = () => { request.result.createObjectStore(STORE, { keyPath: "uuid" }); };
      request.onsuccess = () => { resolve(request.result); };
      request.onerror = () => { reject(request.error); };
    });
  }
  return dbPromise;
}

function withStore(mode, work) {
  return openDb().then((db) => new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const result = work(tx.objectStore(STORE));
    tx.oncomplete = () => { resolve(result && "result" in result ? result.result : undefined); };
    tx.onerror = () => { reject(tx.error); };
  }));
}

/* Every record on the tablet, whoever saved it, oldest first. */
export function allRecords() {
  return withStore("readonly", (store) => store.getAll()).then((records) => (records || []).sort((a, b) => a.seq - b.seq));
}
export function getRecord(uuid) { return withStore("readonly", (store) => store.get(uuid)); }
export function putRecord(record) { return withStore("readwrite", (store) => { store.put(record); }); }
export function deleteRecord(uuid) { return withStore("readwrite", (store) => { store.delete(uuid); }); }

/* The records of the volunteer logged in: a shared tablet keeps the others' too. */
export function mine(records) { return records.filter((r) => r.user === config.user); }
