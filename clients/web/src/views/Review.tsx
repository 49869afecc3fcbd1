// The after-action review: the server's report (a whole HTML page with its own styles and
// charts) in a sandboxed frame where no script may run, under a bar with the session's title,
// whose view it is (a facilitator picks any role's, or everyone's), and downloads as HTML,
// Markdown or JSON. The code is the bearer token of every request; the report is the server's,
// this page decides nothing about what a code may see.
import { useEffect, useState } from "preact/hooks";
import { api, ApiError, type ReviewFormat } from "../protocol/api";
import { identify } from "../protocol/connection";
import { identifyErrorText, readReviewMeta, reviewErrorText, reviewFilename, roleChoices, viewLabel, type ReviewMeta } from "../state/review";
import { pageTitle } from "../state/selectors";
import { socketUrl } from "../session";

const problem = (e: unknown, explain = reviewErrorText) => (e instanceof ApiError ? explain(e.status, e.message) : String(e));

/** Saves a blob under `name` through an object URL (the browser's own download). */
function save(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  // The browser may still be reading the blob after click() returns; free it well after.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The session a code belongs to: from the link, else from the server's welcome. */
function useSessionOf(code: string, given: string): [{ id: string; title: string } | null, string] {
  const [session, setSession] = useState(given ? { id: given, title: "" } : null);
  const [error, setError] = useState("");
  useEffect(() => {
    if (given) return;
    let live = true;
    identify(socketUrl(), code).then(
      (w) => live && setSession({ id: w.sessionId, title: w.sessionTitle }),
      (e) => live && setError(problem(e, identifyErrorText)),
    );
    return () => {
      live = false;
    };
  }, [code, given]);
  return [session, error];
}

function Downloads({ onSave, disabled }: { onSave: (f: ReviewFormat) => void; disabled: boolean }) {
  const formats: [ReviewFormat, string][] = [
    ["html", "HTML"],
    ["md", "Markdown"],
    ["json", "JSON"],
  ];
  return (
    <div class="row" role="group" aria-label="download the review">
      {formats.map(([f, label]) => (
        <button key={f} type="button" disabled={disabled} onClick={() => onSave(f)}>
          Download {label}
        </button>
      ))}
    </div>
  );
}

export function Review({ code, sessionId }: { code: string; sessionId: string }) {
  const [session, sessionError] = useSessionOf(code, sessionId);
  const [meta, setMeta] = useState<ReviewMeta | null>(null);
  const [as, setAs] = useState("");
  const [withMessages, setWithMessages] = useState(false);
  const [html, setHtml] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState("");
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState("");
  const [saveError, setSaveError] = useState("");
  const id = session?.id ?? "";
  const title = meta?.title || session?.title || "";

  useEffect(() => {
    document.title = pageTitle(title, "", "After-action review");
  }, [title]);

  // Who is reading and which views they may pick: asked once.
  useEffect(() => {
    if (!id) return;
    let live = true;
    api
      .review(id, code, { format: "meta", as: "", withMessages: false })
      .then((r) => r.json())
      .then((j) => live && setMeta(readReviewMeta(j)))
      .catch(() => {
        /* without it there is no picker; the report's own request says what is wrong */
      });
    return () => {
      live = false;
    };
  }, [id, code]);

  useEffect(() => {
    if (!id) return;
    let live = true;
    setLoading(true);
    api
      .review(id, code, { format: "html", as, withMessages })
      .then((r) => r.text())
      .then(
        (t) => {
          if (!live) return;
          setHtml(t);
          setError("");
        },
        (e) => {
          if (!live) return;
          setError(problem(e));
          setHtml(null); // never an earlier view under the name of the one that failed
        },
      )
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [id, code, as, withMessages]);

  const download = async (format: ReviewFormat) => {
    setSaving(true);
    setSaved("");
    setSaveError("");
    try {
      const res = await api.review(id, code, { format, as, withMessages });
      const name = reviewFilename(id, format, as);
      save(await res.blob(), name);
      setSaved(`saved ${name}`);
    } catch (e) {
      setSaveError(problem(e));
    } finally {
      setSaving(false);
    }
  };

  const shown = sessionError || error || saveError;
  const sub = [id ? `session ${id}` : "", meta ? viewLabel(meta, as) : ""].filter(Boolean).join(" · ");
  return (
    <div class="review" data-testid="review">
      <header class="top review-top">
        <div class="ident">
          <h1>
            After-action review{title ? <span class="muted"> · {title}</span> : null}
          </h1>
          {sub ? (
            <p class="small muted" data-testid="review-view">
              {sub}
            </p>
          ) : null}
        </div>
        <div class="row review-controls">
          {meta?.isFacilitator ? (
            <div class="row">
              <label for="review-as">Whose view</label>
              <select id="review-as" value={as} onChange={(e) => setAs((e.target as HTMLSelectElement).value)}>
                {roleChoices(meta).map((c) => (
                  <option key={c.value} value={c.value}>
                    {c.label}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <label class="check">
            <input
              type="checkbox"
              checked={withMessages}
              disabled={html === null}
              onChange={(e) => setWithMessages((e.target as HTMLInputElement).checked)}
            />
            Include message texts
          </label>
          <Downloads onSave={download} disabled={html === null || saving} />
          <span class="small muted" role="status" data-testid="review-saved">
            {saving ? "downloading…" : loading && html !== null ? "loading…" : saved}
          </span>
        </div>
      </header>
      {shown ? (
        <p class="refusal review-note" role="alert" data-testid="review-error">
          {shown}
        </p>
      ) : null}
      {loading && html === null && !shown ? (
        <p class="muted review-note" role="status">
          Loading the review…
        </p>
      ) : null}
      {html !== null ? (
        // sandbox before srcdoc: the frame is sandboxed from its first load; no allow-scripts.
        <iframe class="review-frame" sandbox="" srcdoc={html} title="After-action report" aria-busy={loading} data-testid="review-frame" />
      ) : null}
    </div>
  );
}
