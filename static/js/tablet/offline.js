/* Offline use: the service worker (static/js/sw.js) keeps the pages; the home page asks for
 * every senior's pages and forms, and the static files, to be kept so that they open without
 * network. */
import { config, OWNER_KEY, PAGE_MAX_AGE_MS } from "./config.js";

export function registerWorker() {
  if (!("serviceWorker" in navigator)) return Promise.resolve();
  return navigator.serviceWorker.register(config.swUrl, { scope: config.swScope })
    .then(() => navigator.serviceWorker.ready);
}

function isFresh(response) {
  const date = Date.parse(response.headers.get("Date") || "");
  return !isNaN(date) && Date.now() - date < PAGE_MAX_AGE_MS;
}

function keep(cache, url) {
  return cache.match(url).then((kept) => {
    const isPage = url.indexOf(config.staticPrefix) !== 0;
    if (kept && (!isPage || isFresh(kept))) return null;
    // Static files the page has just loaded come from the browser's cache, not the network.
    const options = { credentials: "same-origin", headers: { "X-Tablet-Precache": "1" } };
    if (!isPage) options.cache = "force-cache";
    return fetch(url, options)
      .then((response) => {
        if (response.ok && !response.redirected) return cache.put(url, response);
        return null;
      })
      .catch(() => null);
  });
}

/* Keep, one after the other, the addresses the home page lists; marks #tablet when done. */
export function keepPagesForOffline(root) {
  const holder = document.querySelector("[data-offline-urls]");
  if (!holder || !navigator.onLine || !window.caches) return Promise.resolve();
  const urls = JSON.parse(holder.dataset.offlineUrls);
  return caches.open(config.cacheName)
    .then((cache) => urls.reduce((step, url) => step.then(() => keep(cache, url)), Promise.resolve()))
    .then(() => { root.dataset.offlineReady = "1"; });
}

/* A shared tablet: pages kept for someone else are not shown to this volunteer. */
export function forgetOtherVolunteer() {
  const owner = localStorage.getItem(OWNER_KEY);
  localStorage.setItem(OWNER_KEY, config.user);
  if (owner && owner !== config.user && window.caches) return caches.delete(config.cacheName);
  return Promise.resolve();
}

/* A volunteer paused or gone: the pages kept for them (addresses, door codes) leave the tablet;
 * the outbox stays, to be sent. */
export function forgetPagesIfClosed() {
  if (document.querySelector("[data-forget-pages]") && window.caches) return caches.delete(config.cacheName);
  return Promise.resolve();
}
