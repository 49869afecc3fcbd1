// Entry point: a tiny router over location.pathname (the server answers every page path with
// index.html) and the joined page, which picks its view from the role's kind.
import { render } from "preact";
import { useEffect, useMemo, useState } from "preact/hooks";
import "./style.css";
import { RoleKind } from "./protocol/schema";
import { pageTitle, roleName, roleOf, threads } from "./state/selectors";
import { titleWithUnread, totalUnread } from "./state/unread";
import { SessionClient, forgetCode, takeCode } from "./session";
import { codeInHash } from "./state/links";
import { ConnBanner, useSession } from "./views/common";
import { Admin } from "./views/Admin";
import { Cohort } from "./views/Cohort";
import { Compare } from "./views/Compare";
import { Dashboard } from "./views/Dashboard";
import { Desk } from "./views/Desk";
import { NameForm } from "./views/NameForm";
import { Home } from "./views/Home";
import { Projector } from "./views/Projector";
import { Replay } from "./views/Replay";
import { Review } from "./views/Review";
import { Studio } from "./views/Studio";

function Joined({ client }: { client: SessionClient }) {
  useSession(client);
  useEffect(() => {
    client.start();
    return () => client.stop();
  }, [client]);
  const sc = client.scenario;
  const me = client.me;
  const list = useMemo(() => (sc && me ? threads(sc, client.view.state, me.role) : []), [sc, me, client.view.state.messages, client.view.state.rooms]);
  const unread = me ? totalUnread(list, me.role, client.seen) : 0;
  const title = sc && me ? pageTitle(client.sessionTitle, sc.title, roleOf(sc, me.role)?.kind === RoleKind.OBSERVER ? "" : roleName(sc, me.role)) : "Parley";
  useEffect(() => {
    document.title = titleWithUnread(title, unread);
  }, [title, unread]);
  if (client.invalid) {
    return (
      <main class="home" data-testid="invalid">
        <h1>This code is not valid</h1>
        <p role="alert">{client.serverError || "The server does not know this code."}</p>
        <p>
          <a href="/" onClick={() => forgetCode()}>
            Enter another code
          </a>
        </p>
      </main>
    );
  }
  if (client.nameRequired) {
    return (
      <main class="home" data-testid="name-required">
        <h1>Parley</h1>
        <NameForm client={client} required={true} />
      </main>
    );
  }
  if (!client.scenario || !client.me) {
    return (
      <main class="home">
        <h1>Parley</h1>
        <ConnBanner client={client} />
        {client.serverError ? <p role="alert">{client.serverError}</p> : null}
      </main>
    );
  }
  const kind = roleOf(client.scenario, client.me.role)?.kind;
  if (kind === RoleKind.WHITE_CELL) return <Dashboard client={client} />;
  if (kind === RoleKind.OBSERVER) return <Projector client={client} />;
  return <Desk client={client} />;
}

function App() {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const on = () => setPath(location.pathname);
    addEventListener("popstate", on);
    return () => removeEventListener("popstate", on);
  }, []);
  // A new link typed or pasted into a tab already on /join or /review changes only the fragment,
  // which reloads nothing: take its code and start the page afresh with it.
  useEffect(() => {
    const on = () => {
      const page = location.pathname === "/join" ? "join" : location.pathname === "/review" ? "review" : null;
      if (page && codeInHash(location.hash)) {
        takeCode(page);
        location.reload();
      }
    };
    addEventListener("hashchange", on);
    return () => removeEventListener("hashchange", on);
  }, []);
  const navigate = (to: string) => {
    history.pushState(null, "", to);
    setPath(location.pathname);
  };
  useEffect(() => {
    if (path !== "/join" && path !== "/review" && path !== "/studio" && path !== "/cohort" && path !== "/replay" && path !== "/compare") document.title = path === "/admin" ? "Create a session — Parley" : "Parley";
  }, [path]);
  if (path === "/admin") return <Admin />;
  if (path === "/cohort") return <Cohort />;
  if (path === "/compare") return <Compare />;
  if (path === "/studio") return <Studio />;
  if (path === "/join") return <JoinPage navigate={navigate} />;
  if (path === "/review") return <ReviewPage navigate={navigate} />;
  if (path === "/replay") return <ReplayPage navigate={navigate} />;
  return <Home navigate={navigate} />;
}

function JoinPage({ navigate }: { navigate: (p: string) => void }) {
  const [client] = useState(() => {
    const code = takeCode("join");
    return code ? new SessionClient(code) : null;
  });
  useEffect(() => {
    if (!client) navigate("/");
  }, [client]);
  return client ? <Joined client={client} /> : null;
}

/** /review#CODE, or /review?session=ID#CODE (the links the dashboard and the desk give). */
function ReviewPage({ navigate }: { navigate: (p: string) => void }) {
  const [code] = useState(() => takeCode("review"));
  const sessionId = new URLSearchParams(location.search).get("session") ?? "";
  useEffect(() => {
    if (!code) navigate("/");
  }, [code]);
  return code ? <Review code={code} sessionId={sessionId} /> : null;
}

/** /replay?session=ID#CODE: a recorded session stepped through (Replay.tsx). */
function ReplayPage({ navigate }: { navigate: (p: string) => void }) {
  const [code] = useState(() => takeCode("replay"));
  const sessionId = new URLSearchParams(location.search).get("session") ?? "";
  useEffect(() => {
    if (!code || !sessionId) navigate("/");
  }, [code]);
  return code && sessionId ? <Replay code={code} sessionId={sessionId} /> : null;
}

render(<App />, document.getElementById("app")!);
