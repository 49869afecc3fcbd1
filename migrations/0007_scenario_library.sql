-- The scenario library: scenarios written and published while the server
-- runs, each edit a new version. A version's scenario never changes once
-- stored, so a session created from it replays the same whatever is edited
-- later; only its state moves (draft -> published -> archived).

CREATE TABLE scenarios (
  id          text NOT NULL,
  version     integer NOT NULL CHECK (version > 0),
  scenario    bytea NOT NULL,               -- serialized parley.v1.Scenario, validated
  source      text NOT NULL,                -- as the author sent it (text format keeps its comments)
  author      text NOT NULL,
  state       text NOT NULL CHECK (state IN ('draft', 'published', 'archived')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (id, version)
);

-- The version a session was created from (NULL: a file shipped in scenarios/).
ALTER TABLE sessions ADD COLUMN scenario_version integer;

-- Authors the admin has issued a token to: they may write, check, publish
-- and archive scenarios, and nothing else. Tokens are kept only as SHA-256.
CREATE TABLE scenario_authors (
  token_hash  bytea PRIMARY KEY,
  name        text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
