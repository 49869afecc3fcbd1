// Links to pages: join links and the base URL participants open (the facilitator may replace
// this page's own origin, e.g. 127.0.0.1, with the machine's address that phones can reach), the
// code a page's hash carries, and review links.

/** True for addresses only this machine can open (a phone scanning a QR code cannot). */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, "");
  return h === "localhost" || h.endsWith(".localhost") || h === "::1" || /^127\.\d+\.\d+\.\d+$/.test(h) || h === "0.0.0.0";
}

/** A base URL as typed ("192.168.1.20:8080/", "http://host") in the form links use, or `fallback`. */
export function normalizeBase(input: string, fallback: string): string {
  let t = input.trim();
  if (!t) return fallback;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(t)) t = "http://" + t;
  try {
    const u = new URL(t);
    if (u.protocol !== "http:" && u.protocol !== "https:") return fallback;
    return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, "")}`;
  } catch {
    return fallback;
  }
}

export function joinUrl(code: string, base: string): string {
  return `${base}/join#${code}`;
}

/** The code a page's hash carries ("#CODE" as in /join#CODE), or "" (none, or not decodable). */
export function codeInHash(hash: string): string {
  try {
    return decodeURIComponent(hash.replace(/^#/, "")).trim();
  } catch {
    return "";
  }
}

/**
 * The review page of a code. The session's id rides in the query: the page then needs no
 * WebSocket to learn it, which also works once an ended session is no longer hosted.
 */
export function reviewUrl(code: string, sessionId = ""): string {
  return `/review${sessionId ? `?session=${encodeURIComponent(sessionId)}` : ""}#${code}`;
}

/**
 * Opens a page of this server in a new tab holding the admin token for that tab (as /admin's
 * own tab does), so the link itself never carries the token.
 */
export function openWithAdminToken(url: string, token: string): void {
  const tab = window.open("", "_blank");
  if (!tab) {
    location.href = url;
    return;
  }
  try {
    tab.sessionStorage.setItem("parley.adminToken", token);
  } catch {
    /* the page will ask for it */
  }
  tab.location.href = url;
}
