// The scenarios a session or a class can be made from, library versions marked as such.
import type { LibraryScenario } from "../protocol/api";

export function ScenarioSelect(props: { id: string; scenarios: LibraryScenario[]; value: string; onChange: (id: string) => void }) {
  return (
    <select id={props.id} value={props.value} onChange={(e) => props.onChange((e.target as HTMLSelectElement).value)}>
      {props.scenarios.map((s) => (
        <option key={s.id} value={s.id}>
          {s.title}
          {s.origin === "library" ? ` (library, version ${s.version})` : ""}
        </option>
      ))}
    </select>
  );
}
