-- Class mode: a cohort is N tables (sessions) of one scenario version made in
-- one step, with a roster of people assigned to seats. The cohort's token is
-- kept only as SHA-256. The tables' facilitator tokens and the seats' join
-- codes are kept as issued, because the cohort dashboard opens each table
-- and the handout can be printed again; deleting a table's session deletes
-- its seats' rows, and with them the participants' names.

CREATE TABLE cohorts (
  id                text PRIMARY KEY,
  title             text NOT NULL,
  scenario_id       text NOT NULL,
  scenario_version  integer NOT NULL,   -- 0: a shipped scenario file
  token_hash        bytea NOT NULL UNIQUE,
  names_required    boolean NOT NULL DEFAULT false,
  created_at        timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE cohort_tables (
  cohort_id          text NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
  table_no           integer NOT NULL CHECK (table_no > 0),
  session_id         text NOT NULL UNIQUE,
  facilitator_token  text NOT NULL,
  PRIMARY KEY (cohort_id, table_no)
);

-- One row per person on the roster (and per head seat left for a bot, with no name).
CREATE TABLE cohort_seats (
  cohort_id   text NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
  session_id  text NOT NULL,
  position    integer NOT NULL,      -- the roster line, for the handout's order
  name        text,                  -- personal data: NULL for a bot's seat
  grp         text NOT NULL DEFAULT '',
  kind        text NOT NULL CHECK (kind IN ('seat', 'observer', 'bot')),
  role_id     text NOT NULL DEFAULT '',
  seat        integer NOT NULL DEFAULT 0,
  join_code   text NOT NULL DEFAULT '',
  PRIMARY KEY (cohort_id, position)
);
CREATE INDEX cohort_seats_session ON cohort_seats (session_id);
