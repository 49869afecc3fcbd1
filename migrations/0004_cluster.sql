-- Several parley-server nodes on one database. Each node says it is alive by
-- moving its heartbeat; each unfinished session is owned by one node through
-- its lease. The epoch grows by one at every change of owner, and an append
-- is stored only while the writer's epoch is the lease's, so a node that lost
-- a session (paused, partitioned) can never write to it again.

CREATE TABLE nodes (
  id             text PRIMARY KEY,
  url            text NOT NULL,            -- how other nodes reach it
  started_at     timestamptz NOT NULL DEFAULT now(),
  heartbeat_at   timestamptz NOT NULL DEFAULT now(),
  sessions       integer NOT NULL DEFAULT 0
);

CREATE TABLE session_leases (
  session_id     text PRIMARY KEY REFERENCES sessions (id),
  node_id        text NOT NULL,            -- '' : nobody yet
  epoch          bigint NOT NULL,
  expires_at     timestamptz NOT NULL
);
CREATE INDEX session_leases_node ON session_leases (node_id);

-- Sessions from before the cluster are free for the first node to claim.
INSERT INTO session_leases (session_id, node_id, epoch, expires_at)
  SELECT id, '', 0, '-infinity' FROM sessions WHERE status <> 'ended';
