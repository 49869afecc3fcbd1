// Private conversations as threads (one per counterpart, one per caucus room), starting a
// conversation or a room, and public statements.
import { memo } from "preact/compat";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { PrivateMessage } from "../protocol/schema";
import { messageTime } from "../state/fold";
import { roleName, talkers, threads, type Thread } from "../state/selectors";
import { unreadIn } from "../state/unread";
import type { SessionClient } from "../session";
import { Refusal, timeOf, useCommand } from "./common";

// Memoized: a message never changes except when it leaks (a new object), so long threads
// re-render only what is new.
const Msg = memo(function Msg({ m, client }: { m: PrivateMessage; client: SessionClient }) {
  const sc = client.scenario!;
  const at = messageTime(m);
  return (
    <li data-testid="message" data-msg-id={m.messageId} class={m.from === client.me?.role ? "mine" : ""}>
      <strong>{roleName(sc, m.from)}</strong>
      {m.to && client.me?.role !== m.to && client.me?.role !== m.from ? <span> → {roleName(sc, m.to)}</span> : null}
      {at ? <span class="muted small"> {timeOf(at)}</span> : null}
      {m.leaked ? <span class="mark"> · leaked</span> : null}
      <span class="muted small mono"> {m.messageId}</span>
      <p>{m.text}</p>
    </li>
  );
});

const CAP = 100;

function ThreadView({ t, client, canSend }: { t: Thread; client: SessionClient; canSend: boolean }) {
  const me = client.me!.role;
  const [text, setText] = useState("");
  const [all, setAll] = useState(false);
  const [cmd, st] = useCommand(client);
  const other = t.roomId ? "" : t.members.find((r) => r !== me) ?? "";
  const mine = t.roomId ? t.members.includes(me) : t.members.includes(me);
  const shown = all ? t.messages : t.messages.slice(-CAP);
  const id = `reply-${t.key.replace(/[^a-zA-Z0-9]/g, "-")}`;
  // Read once the thread's end has been on screen while the tab is in front.
  const end = useRef<HTMLSpanElement>(null);
  const [inView, setInView] = useState(false);
  useEffect(() => {
    if (typeof IntersectionObserver === "undefined" || !end.current) return;
    const io = new IntersectionObserver(([e]) => setInView(e.isIntersecting));
    io.observe(end.current);
    return () => io.disconnect();
  }, []);
  useEffect(() => {
    const mark = () => {
      if (inView && document.visibilityState === "visible") client.markSeen(t.key, t.messages.length);
    };
    mark();
    document.addEventListener("visibilitychange", mark);
    return () => document.removeEventListener("visibilitychange", mark);
  }, [inView, t.messages.length]);
  const unread = unreadIn(t, me, client.seen[t.key] ?? 0);
  const send = async (e: Event) => {
    e.preventDefault();
    if (!text.trim()) return;
    const o = t.roomId
      ? await cmd({ kind: { case: "postToRoom", value: { roomId: t.roomId, text } } })
      : await cmd({ kind: { case: "sendMessage", value: { to: other, text } } });
    if (o.ok) setText("");
  };
  return (
    <details class="thread" open data-testid={`thread-${t.key}`}>
      <summary>
        {t.roomId ? "Room: " : ""}
        <strong>{t.title}</strong>
        {t.roomId ? <span class="muted small"> ({t.members.map((r) => roleName(client.scenario!, r)).join(", ")})</span> : null}
        <span class="muted small"> · {t.messages.length} message{t.messages.length === 1 ? "" : "s"}</span>
        {unread ? (
          <span class="mark" data-testid="unread">
            {" "}· {unread} unread
          </span>
        ) : null}
      </summary>
      {t.messages.length > shown.length ? (
        <button type="button" class="link" onClick={() => setAll(true)}>
          show older ({t.messages.length - shown.length} more)
        </button>
      ) : null}
      <ol class="msgs" aria-label={`messages with ${t.title}`}>
        {shown.map((m) => (
          <Msg key={m.messageId} m={m} client={client} />
        ))}
      </ol>
      <span ref={end} class="thread-end" aria-hidden="true" />
      {canSend && mine && (t.roomId || other) ? (
        <form class="row" onSubmit={send}>
          <label for={id} class="sr-only">
            Reply to {t.title}
          </label>
          <input id={id} value={text} onInput={(e) => setText((e.target as HTMLInputElement).value)} placeholder={`Write to ${t.title}`} maxLength={2000} />
          <button type="submit" disabled={st.busy}>
            Send
          </button>
          <Refusal st={st} />
        </form>
      ) : null}
    </details>
  );
}

export function Threads({ client }: { client: SessionClient }) {
  const sc = client.scenario!;
  const s = client.view.state;
  const me = client.me!.role;
  const all = useMemo(() => threads(sc, s, me), [sc, s.messages, s.rooms, me]);
  const bots = client.botRoles();
  const models = [...client.modelRoles()].filter((r) => r !== me);
  const list = client.hideBots ? withoutBots(all, bots, me) : all;
  const hidden = all.reduce((n, t) => n + t.messages.length, 0) - list.reduce((n, t) => n + t.messages.length, 0);
  const allowed = client.allowed();
  const canMessage = allowed.has("message");
  const canCaucus = allowed.has("caucus");
  return (
    <div data-testid="threads">
      {models.length ? (
        <p class="small muted" data-testid="model-seats">
          A language model plays {models.map((r) => roleName(sc, r)).join(", ")}: its messages are written by the model, and the white cell reads every word it was given.
        </p>
      ) : null}
      {bots.size ? <HideBots client={client} hidden={hidden} /> : null}
      {list.length === 0 ? <p class="muted">No private conversation yet.</p> : null}
      {list.map((t) => (
        <ThreadView key={t.key} t={t} client={client} canSend={t.roomId ? canCaucus : canMessage} />
      ))}
    </div>
  );
}

/** Threads without what bots said: a bot's private thread goes, and its posts leave rooms. */
function withoutBots(list: Thread[], bots: Set<string>, me: string): Thread[] {
  return list
    .filter((t) => t.roomId || !t.members.some((r) => r !== me && bots.has(r)))
    .map((t) => (t.roomId ? { ...t, messages: t.messages.filter((m) => !bots.has(m.from)) } : t));
}

/** The desk's switch for bots' chatter (messages, room posts and statements). */
export function HideBots({ client, hidden }: { client: SessionClient; hidden: number }) {
  return (
    <label class="check small" data-testid="hide-bots">
      <input type="checkbox" checked={client.hideBots} onChange={(e) => client.setHideBots((e.target as HTMLInputElement).checked)} /> Hide
      bots' chatter{client.hideBots && hidden ? ` (${hidden} hidden)` : ""}
    </label>
  );
}

export function NewMessage({ client }: { client: SessionClient }) {
  const sc = client.scenario!;
  const me = client.me!.role;
  const others = talkers(sc).filter((r) => r.id !== me);
  const [to, setTo] = useState(others[0]?.id ?? "");
  const [text, setText] = useState("");
  const [cmd, st] = useCommand(client);
  if (!client.allowed().has("message")) {
    const why = client.gate("message")?.reason;
    return <p class="muted small" data-testid="message-closed">Private messages are closed{why ? `: ${why}` : ""}.</p>;
  }
  return (
    <form
      class="stack"
      data-testid="new-message"
      onSubmit={async (e) => {
        e.preventDefault();
        const o = await cmd({ kind: { case: "sendMessage", value: { to, text } } });
        if (o.ok) setText("");
      }}
    >
      <div class="row">
        <label for="msg-to">To</label>
        <select id="msg-to" value={to} onChange={(e) => setTo((e.target as HTMLSelectElement).value)}>
          {others.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </select>
      </div>
      <label for="msg-text">Private message</label>
      <textarea id="msg-text" rows={2} value={text} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} maxLength={2000} />
      <div class="row">
        <button type="submit" disabled={st.busy}>
          Send privately
        </button>
        <Refusal st={st} />
      </div>
    </form>
  );
}

export function NewRoom({ client }: { client: SessionClient }) {
  const sc = client.scenario!;
  const me = client.me!.role;
  const others = talkers(sc).filter((r) => r.id !== me);
  const [name, setName] = useState("");
  const [members, setMembers] = useState<string[]>([]);
  const [cmd, st] = useCommand(client);
  if (!client.allowed().has("caucus")) return null;
  return (
    <form
      class="stack"
      data-testid="new-room"
      onSubmit={async (e) => {
        e.preventDefault();
        const o = await cmd({ kind: { case: "createRoom", value: { name, members: [me, ...members] } } });
        if (o.ok) {
          setName("");
          setMembers([]);
        }
      }}
    >
      <label for="room-name">New caucus room</label>
      <input id="room-name" value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} maxLength={100} />
      <fieldset>
        <legend>Members</legend>
        {others.map((r) => (
          <label key={r.id} class="check">
            <input
              type="checkbox"
              checked={members.includes(r.id)}
              onChange={(e) =>
                setMembers((e.target as HTMLInputElement).checked ? [...members, r.id] : members.filter((x) => x !== r.id))
              }
            />{" "}
            {r.name}
          </label>
        ))}
      </fieldset>
      <div class="row">
        <button type="submit" disabled={st.busy}>
          Create room
        </button>
        <Refusal st={st} />
      </div>
    </form>
  );
}

export function StatementForm({ client }: { client: SessionClient }) {
  const [text, setText] = useState("");
  const [cmd, st] = useCommand(client);
  if (!client.allowed().has("statement")) return null;
  return (
    <form
      class="stack"
      data-testid="statement-form"
      onSubmit={async (e) => {
        e.preventDefault();
        const o = await cmd({ kind: { case: "statement", value: { text } } });
        if (o.ok) setText("");
      }}
    >
      <label for="stmt-text">Public statement</label>
      <textarea id="stmt-text" rows={2} value={text} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} maxLength={2000} />
      <div class="row">
        <button type="submit" disabled={st.busy}>
          Make statement
        </button>
        <Refusal st={st} />
      </div>
    </form>
  );
}
