// The front page: paste a code (or a whole link) to join; a link to the admin page.
import { useState } from "preact/hooks";

export function codeFrom(input: string): string {
  const t = input.trim();
  const hash = t.indexOf("#");
  return (hash >= 0 ? t.slice(hash + 1) : t).trim();
}

export function Home({ navigate }: { navigate: (path: string) => void }) {
  const [code, setCode] = useState("");
  return (
    <main class="home" data-testid="home">
      <h1>Parley</h1>
      <p>A negotiation exercise. Your facilitator gives you a link or a code.</p>
      <form
        class="stack"
        onSubmit={(e) => {
          e.preventDefault();
          const c = codeFrom(code);
          if (c) navigate(`/join#${c}`);
        }}
      >
        <label for="join-code">Your code (or the whole link): upper or lower case, spaces and dashes are fine</label>
        <input id="join-code" value={code} autoComplete="off" spellcheck={false} onInput={(e) => setCode((e.target as HTMLInputElement).value)} />
        <button type="submit">Join</button>
      </form>
      <p>
        Running the exercise? <a href="/admin">Create a session</a>.
      </p>
    </main>
  );
}
