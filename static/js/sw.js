/* Service worker of the volunteer pages (served at /suivi/sw.js so that its scope covers them).
 *
 * Pages: network first, so that a volunteer online always sees fresh data; without network the
 * copy kept on the tablet (see static/js/tablet/offline.js, which fills the cache from the home
 * page), else the "no network" page. Static files: the kept copy first. Nothing else is
 * touched: form posts and the outbox's sends always go to the network.
 *
 * What it needs to know comes in the query of its address, written by the server
 * (visits/templatetags/tablet.py): it has no page to read. */
"use strict";

var QUERY = new URL(self.location.href).searchParams;
var CACHE = QUERY.get("cache");
var CACHE_FAMILY = QUERY.get("family");
var STATIC_PREFIX = QUERY.get("static");
var OFFLINE_PAGE = QUERY.get("offline");
var NO_NETWORK = QUERY.get("no_network");
var SCOPE = new URL(self.registration.scope).pathname;

function escapeHtml(text) {
  return String(text).replace(/[&<>"]/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; });
}

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (k) { return k.indexOf(CACHE_FAMILY) === 0 && k !== CACHE; })
        .map(function (k) { return caches.delete(k); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function page(event) {
  var request = event.request;
  var url = new URL(request.url);
  return fetch(request).then(function (response) {
    // Keep a fresh copy of what the volunteer opened, but never a login page or an error.
    if (response.ok && !response.redirected && response.type === "basic") {
      var copy = response.clone();
      event.waitUntil(caches.open(CACHE).then(function (cache) {
        return cache.put(url.origin + url.pathname, copy);
      }));
    }
    return response;
  }, function () {
    return caches.open(CACHE).then(function (cache) {
      return cache.match(url.origin + url.pathname).then(function (kept) {
        return kept || cache.match(OFFLINE_PAGE).then(function (fallback) {
          return fallback || new Response("<h1>" + escapeHtml(NO_NETWORK) + "</h1>", {
            status: 503, headers: { "Content-Type": "text/html; charset=utf-8" },
          });
        });
      });
    });
  });
}

function asset(request) {
  return caches.open(CACHE).then(function (cache) {
    return cache.match(request).then(function (kept) {
      return kept || fetch(request).then(function (response) {
        if (response.ok) cache.put(request, response.clone());
        return response;
      });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  // Registered by a page older than these settings (an open tab during an update): stand aside.
  if (!CACHE || request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.headers.get("X-Tablet-Precache")) return; // the tablet refreshing its copies
  if (request.mode === "navigate" && url.pathname.indexOf(SCOPE) === 0) {
    event.respondWith(page(event));
  } else if (url.pathname.indexOf(STATIC_PREFIX) === 0) {
    event.respondWith(asset(request));
  }
});
