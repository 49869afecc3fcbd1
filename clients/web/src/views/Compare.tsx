// /compare?sessions=A,B[,C...]: recorded sessions side by side, each column labelled by its
// title: adopted text, entry into force, signatories, each crisis, each role's utility, and the
// clauses that differ; for two sessions, also where their records part. Uses the admin token
// this tab holds (opened from the console), or a facilitator token in the hash.
import { useEffect, useState } from "preact/hooks";
import { ApiError, errorText } from "../protocol/api";
import { codeInHash } from "../state/links";

interface Comparison {
  sessions: { session_id: string; title: string }[];
  outcomes: { item: string; values: string[]; same: boolean }[];
  clauses_that_differ: { issue: string; values: string[] }[];
  pair?: { divergence: { after_seq: number; how: string; first_in_a: string | null; first_in_b: string | null } };
}

function token(): string {
  const fromHash = codeInHash(location.hash);
  if (fromHash) return fromHash;
  try {
    return sessionStorage.getItem("parley.adminToken") ?? "";
  } catch {
    return "";
  }
}

export function Compare() {
  const ids = new URLSearchParams(location.search).get("sessions") ?? "";
  const [c, setC] = useState<Comparison | null>(null);
  const [err, setErr] = useState("");
  useEffect(() => {
    document.title = "Compare sessions — Parley";
    fetch(`/api/compare?sessions=${encodeURIComponent(ids)}`, { headers: { Authorization: `Bearer ${token()}` } })
      .then(async (res) => {
        const body = await res.json().catch(() => null);
        if (!res.ok) throw new ApiError(body?.error ?? `${res.status}`, res.status, body);
        setC(body as Comparison);
      })
      .catch((e) => setErr(errorText(e)));
  }, [ids]);
  return (
    <main class="cohort" data-testid="compare">
      <h1>Sessions compared</h1>
      {err ? (
        <p class="refusal" role="alert">
          {err}
        </p>
      ) : null}
      {c?.pair && c.pair.divergence.after_seq > 0 ? (
        <p data-testid="divergence">
          {c.pair.divergence.how.includes("branch")
            ? `One is a branch of the other, made after event ${c.pair.divergence.after_seq}.`
            : `Their records are the same up to event ${c.pair.divergence.after_seq}.`}
          {c.pair.divergence.first_in_a ? ` Then, in the first: ${c.pair.divergence.first_in_a}.` : ""}
          {c.pair.divergence.first_in_b ? ` In the second: ${c.pair.divergence.first_in_b}.` : ""}
        </p>
      ) : null}
      {c ? (
        <div class="tablewrap">
          <table data-testid="compare-table">
            <thead>
              <tr>
                <th scope="col"></th>
                {c.sessions.map((s) => (
                  <th scope="col" key={s.session_id}>
                    {s.title} <span class="mono small muted">{s.session_id}</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {c.outcomes.map((o) => (
                <tr key={o.item} class={o.same ? "" : "differs"}>
                  <th scope="row">{o.item}</th>
                  {o.values.map((v, i) => (
                    <td key={i}>{o.same ? v : <strong>{v}</strong>}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {c?.clauses_that_differ.length ? (
        <section>
          <h2>Clauses that differ</h2>
          <ul>
            {c.clauses_that_differ.map((x) => (
              <li key={x.issue}>
                <strong>{x.issue}</strong>: {x.values.join(" / ")}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </main>
  );
}
