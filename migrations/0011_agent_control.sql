-- The white cell's hold on language-model seats: each seat's mode (act: the model plays;
-- propose: each move waits for the white cell's approval; paused: it does nothing; human:
-- a person has taken the seat over), and the moves a proposing model has put forward.
CREATE TABLE agent_modes (
  session_id text NOT NULL,
  role_id    text NOT NULL,
  mode       text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (session_id, role_id)
);

CREATE TABLE agent_proposals (
  id         bigserial PRIMARY KEY,
  session_id text NOT NULL,
  role_id    text NOT NULL,
  tool       text NOT NULL,
  arguments  text NOT NULL,
  status     text NOT NULL DEFAULT 'pending',  -- pending, approved, rejected
  created_at timestamptz NOT NULL DEFAULT now(),
  decided_at timestamptz
);
CREATE INDEX agent_proposals_by_session ON agent_proposals (session_id, id);
