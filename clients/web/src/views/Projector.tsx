// The projector view (observer code): the public record in large type.
import { RoleKind, SessionStatus } from "../protocol/schema";
import { roleName } from "../state/selectors";
import type { SessionClient } from "../session";
import { CrisisOutcomes, NewsList, PageHeader, Section, Signatures, Statements, VoteResults, useSession } from "./common";
import { DraftsTable } from "./Drafts";

export function Projector({ client }: { client: SessionClient }) {
  useSession(client);
  const sc = client.scenario!;
  const v = client.view;
  const s = v.state;
  const adopted = s.adoptedTextId;
  // The parties only: not the white cell or the observers' own seats.
  const kinds = new Map(sc.roles.map((r) => [r.id, r.kind]));
  const atTable = s.roles.filter((r) => r.seatsClaimed.length && (kinds.get(r.role) === RoleKind.DELEGATION || kinds.get(r.role) === RoleKind.OUTSIDE_POWER));
  return (
    <div class="projector" data-testid="projector">
      <PageHeader client={client} title={client.sessionTitle || sc.title} sub={client.sessionTitle ? sc.title : ""} big />
      {s.status === SessionStatus.ENDED && s.outcome ? (
        <div class="full outcome-reached" data-testid="outcome-reached">
          <p class="big-note">This table reached: {s.outcome.name}</p>
          {s.outcome.description ? <p>{s.outcome.description}</p> : null}
        </div>
      ) : null}
      <div class="full">
        <Section title="Texts on the table" id="drafts" testid="drafts-panel">
          <DraftsTable client={client} mode="projector" />
          {adopted ? <p class="big-note">★ Adopted: text {adopted}</p> : null}
        </Section>
      </div>
      <main class="grid2">
        <div class="col wide">
          <Section title="Votes" id="tallies">
            <VoteResults view={v} rule={client.adoptionRule} />
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
          <Section title="At the table" id="roles" testid="at-table">
            <ul class="roles">
              {atTable.map((r) => (
                <li key={r.role} data-testid={`at-table-${r.role}`}>
                  {roleName(sc, r.role)}
                  {r.seatsClaimedByModels.includes(0) ? <span class="mark small"> AI</span> : null}
                </li>
              ))}
            </ul>
          </Section>
        </div>
      </main>
    </div>
  );
}
