-- Every call a language-model seat (parley agents) made to its model: what it
-- was told, what it answered, the commands that became of it and the engine's
-- answers. Read by the white cell and the review only; deleted with the session.
CREATE TABLE agent_calls (
  id         bigserial PRIMARY KEY,
  session_id text NOT NULL,
  role_id    text NOT NULL,
  seat       integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  record     jsonb NOT NULL
);
CREATE INDEX agent_calls_by_session ON agent_calls (session_id, id);
