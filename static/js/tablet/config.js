/* What the server tells the tablet's script (visits/templatetags/tablet.py renders it into the
 * page as JSON), and the script's own tunings. Every other module takes its constants here. */

const holder = document.getElementById("tablet-config");

export const config = holder ? JSON.parse(holder.textContent) : null;

// A kept page older than this is fetched again when the home page refreshes the offline copies.
export const PAGE_MAX_AGE_MS = 12 * 60 * 60 * 1000;
// Checking costs a read of the tablet's own store; the server is asked only when records wait.
export const RETRY_MS = 5000;
// How many sent records the outbox still lists, for the volunteer to see they went.
export const SENT_KEPT = 10;

// The tablet's local storage: drafts per volunteer and page, whose tablet it is, the message
// shown on the next page.
export const DRAFT_PREFIX = "ccas-draft:";
export const OWNER_KEY = "ccas-tablet-owner";
export const FLASH_KEY = "ccas-flash";

/* A text of the page's language; `values` fills its {n}, {reason}... */
export function t(name, values) {
  let text = (config && config.texts[name]) || "";
  Object.keys(values || {}).forEach((key) => {
    text = text.replace("{" + key + "}", String(values[key]));
  });
  return text;
}
