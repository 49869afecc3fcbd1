-- Who was connected to which seat, with which client ("browser", "bot:boulware"...),
-- and for how long: the review's list of participants. One row per connection.

CREATE TABLE seat_presence (
  session_id       text NOT NULL REFERENCES sessions (id),
  connection       text NOT NULL,           -- random, unique per connection
  role_id          text NOT NULL,
  seat             integer NOT NULL,
  client           text NOT NULL,
  connected_ms     bigint NOT NULL,         -- the server's clock, as events' at_ms
  disconnected_ms  bigint,                  -- null: open, or the server stopped first
  PRIMARY KEY (session_id, connection)
);
