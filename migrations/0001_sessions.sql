-- Sessions, their credentials, the event log and snapshots.

CREATE TABLE sessions (
  id             text PRIMARY KEY,
  scenario_id    text NOT NULL,
  scenario       bytea NOT NULL,          -- the scenario as loaded, so replay never depends on files
  title          text NOT NULL,
  status         text NOT NULL,           -- lobby, running, paused, ended
  forked_from    text REFERENCES sessions (id),
  forked_at_seq  bigint,
  created_at     timestamptz NOT NULL DEFAULT now(),
  ended_at       timestamptz
);
CREATE INDEX sessions_open ON sessions (status) WHERE status <> 'ended';

-- Join codes and facilitator tokens, stored only as SHA-256 hashes.
CREATE TABLE credentials (
  token_hash     bytea PRIMARY KEY,
  session_id     text NOT NULL REFERENCES sessions (id),
  kind           text NOT NULL,           -- seat, facilitator, observer
  role_id        text NOT NULL,
  seat           integer NOT NULL,        -- 0 is the head of delegation
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX credentials_session ON credentials (session_id);

CREATE TABLE events (
  session_id     text NOT NULL REFERENCES sessions (id),
  seq            bigint NOT NULL,
  type           text NOT NULL,
  payload        bytea NOT NULL,
  round          integer NOT NULL,
  phase          text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (session_id, seq)
);
CREATE INDEX events_round ON events (session_id, round, seq);

CREATE TABLE snapshots (
  session_id     text NOT NULL REFERENCES sessions (id),
  seq            bigint NOT NULL,
  state          bytea NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (session_id, seq)
);

-- The answer given to each command, so a retry with the same request id
-- after a reconnect gets the same answer and is never applied twice.
CREATE TABLE command_results (
  session_id     text NOT NULL REFERENCES sessions (id),
  role_id        text NOT NULL,
  seat           integer NOT NULL,
  request_id     text NOT NULL,
  result         bytea NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (session_id, role_id, seat, request_id)
);
