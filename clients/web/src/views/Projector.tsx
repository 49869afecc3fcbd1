// The projector view (observer code): the public record in large type.
import { roleName } from "../state/selectors";
import type { SessionClient } from "../session";
import { Clock, ConnBanner, CrisisOutcomes, NewsList, Section, Signatures, Statements, VoteResults, useSession } from "./common";
import { DraftsTable } from "./Drafts";

export function Projector({ client }: { client: SessionClient }) {
  useSession(client);
  const sc = client.scenario!;
  const v = client.view;
  const s = v.state;
  const adopted = s.adoptedTextId;
  return (
    <div class="projector" data-testid="projector">
      <header class="top">
        <h1>{sc.title}</h1>
        <Clock client={client} big />
        <ConnBanner client={client} />
      </header>
      <div class="full">
        <Section title="Texts on the table" id="drafts" testid="drafts-panel">
          <DraftsTable client={client} mode="projector" />
          {adopted ? <p class="big-note">★ Adopted: text {adopted}</p> : null}
        </Section>
      </div>
      <main class="grid2">
        <div class="col wide">
          <Section title="Votes" id="tallies">
            <VoteResults view={v} />
          </Section>
          <Section title="Signatures" id="sigs">
            <Signatures view={v} sc={sc} />
          </Section>
          <Section title="Stress test" id="stress">
            <CrisisOutcomes view={v} sc={sc} />
          </Section>
        </div>
        <div class="col">
          <Section title="News" id="news" testid="news">
            <NewsList view={v} sc={sc} />
          </Section>
          <Section title="Statements" id="statements" testid="statements">
            <Statements view={v} sc={sc} />
          </Section>
          <Section title="At the table" id="roles">
            <ul class="roles">
              {s.roles
                .filter((r) => r.seatsClaimed.length)
                .map((r) => (
                  <li key={r.role}>{roleName(sc, r.role)}</li>
                ))}
            </ul>
          </Section>
        </div>
      </main>
    </div>
  );
}
