// A participant's name, asked once when they join: optional (a think tank's staff may stay a
// seat), or required when the session asks for names (a class). Only the white cell sees it.
import { useState } from "preact/hooks";
import type { SessionClient } from "../session";

export function NameForm({ client, required }: { client: SessionClient; required: boolean }) {
  const [name, setName] = useState(client.displayName);
  return (
    <form
      class={required ? "stack name-form" : "name-ask row wrap"}
      data-testid="name-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (name.trim()) client.setDisplayName(name);
      }}
    >
      <label for="display-name">{required ? "This session asks for your name" : "Your name"}</label>
      <input id="display-name" value={name} maxLength={60} autoComplete="name" onInput={(e) => setName((e.target as HTMLInputElement).value)} />
      <button type="submit" disabled={!name.trim()}>
        {required ? "Join" : "Save"}
      </button>
      {required ? null : (
        <button type="button" class="small" onClick={() => client.declineName()}>
          Not now
        </button>
      )}
      <span class="small muted">Only the facilitator sees it, and the review they keep; other delegations do not.</span>
    </form>
  );
}
