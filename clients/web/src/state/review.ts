// The after-action review page's pure parts: what the review's JSON says about the viewer
// (whose view it is, which views a facilitator may pick), the name a download is saved under,
// and what a failed request tells the reader.
import type { ReviewFormat } from "../protocol/api";

export interface ReviewRole {
  id: string;
  name: string;
}

export interface ReviewMeta {
  /** The role whose view the code opens by default (the white cell's for a facilitator). */
  viewerRole: string;
  roles: ReviewRole[];
  /** Only a facilitator (or the admin) may read another role's view. */
  isFacilitator: boolean;
  /** The session's title, "" if the review does not carry one. */
  title: string;
}

const text = (v: unknown): string => (typeof v === "string" ? v : "");

/** The fields the page uses from GET …/review?format=meta (or json); anything missing reads as empty. */
export function readReviewMeta(json: unknown): ReviewMeta {
  const o = json && typeof json === "object" ? (json as Record<string, unknown>) : {};
  const session = o.session && typeof o.session === "object" ? (o.session as Record<string, unknown>) : {};
  const roles = Array.isArray(o.roles) ? o.roles : [];
  return {
    viewerRole: text(o.viewer_role),
    roles: roles
      .map((r) => (r && typeof r === "object" ? (r as Record<string, unknown>) : {}))
      .filter((r) => text(r.id))
      .map((r) => ({ id: text(r.id), name: text(r.name) || text(r.id) })),
    isFacilitator: o.is_facilitator === true,
    title: text(o.title) || text(o.session_title) || text(session.title),
  };
}

export const EVERYONE = "Everyone (white cell)";

/** The facilitator's choices of view: the white cell's whole view ("") first, then each other role. */
export function roleChoices(meta: ReviewMeta): { value: string; label: string }[] {
  return [{ value: "", label: EVERYONE }, ...meta.roles.filter((r) => r.id !== meta.viewerRole).map((r) => ({ value: r.id, label: r.name }))];
}

/** Whose view is on screen, in words: "Everyone (white cell)" or "Pakistan's view". */
export function viewLabel(meta: ReviewMeta, as: string): string {
  if (meta.isFacilitator && !as) return EVERYONE;
  const id = as || meta.viewerRole;
  const name = meta.roles.find((r) => r.id === id)?.name || id;
  return name ? `${name}'s view` : "";
}

const fileSafe = (s: string) => s.replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "");

/** parley-review-<session>[-<role>].<html|md|json> */
export function reviewFilename(sessionId: string, format: ReviewFormat, as = ""): string {
  return ["parley-review", fileSafe(sessionId), fileSafe(as)].filter(Boolean).join("-") + "." + format;
}

/** A failed review request as a sentence: what it means for the reader, then the server's own words. */
export function reviewErrorText(status: number, message: string): string {
  let lead: string;
  switch (status) {
    case 0:
      return message || "The server is not reachable.";
    case 401:
      lead = "This code does not open the review.";
      break;
    case 403:
      lead = "This code may not read that view.";
      break;
    case 404:
      lead = "This server has no review of that session.";
      break;
    case 503:
      lead = "The server cannot make the review right now; try again in a moment.";
      break;
    default:
      lead = "The review could not be loaded.";
  }
  return message ? `${lead} The server says: ${message}` : lead;
}

/**
 * Why /review#CODE (a link without the session's id) could not learn its session from a hello:
 * after a restart the server no longer hosts an ended session live, though it still has its review.
 */
export function identifyErrorText(status: number, message: string): string {
  if (status !== 404) return reviewErrorText(status, message);
  return (
    `This link does not name its session, and the server no longer hosts it live to ask (${message}). ` +
    "Open /review?session=ID#CODE with the session's id, shown on the dashboard."
  );
}
