// What a participant has not read yet: per thread, the messages from others after the ones
// the page has shown on screen. Pure; the page keeps the counts it has shown per thread.
import type { Thread } from "./selectors";

/** Messages from others in the thread beyond the first `seen`. */
export function unreadIn(t: Thread, me: string, seen: number): number {
  let n = 0;
  for (let i = Math.max(0, seen); i < t.messages.length; i++) if (t.messages[i].from !== me) n++;
  return n;
}

export function totalUnread(list: Thread[], me: string, seen: Record<string, number>): number {
  return list.reduce((a, t) => a + unreadIn(t, me, seen[t.key] ?? 0), 0);
}

/** The page's title with the unread count first, as mail and chat tabs show it. */
export function titleWithUnread(title: string, unread: number): string {
  return unread > 0 ? `(${unread}) ${title}` : title;
}
