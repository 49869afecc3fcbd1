-- A node stores a batch of appends in one round trip: the fence and the
-- inserts go to PostgreSQL as one text, run as one implicit transaction.
-- The fence is this function. It waits for the shared side of the node's
-- writer lock (a node taking over a session holds the other side while it
-- checks that this node's last commit ended), then checks in a new snapshot
-- (plpgsql takes one per statement of a volatile function) that each
-- session is still this node's at the epoch the writer holds. If one is
-- not, it raises PRLFN and nothing of the batch is stored; the writer then
-- retries without the sessions it lost.

CREATE FUNCTION parley_fence(node text, ids text[], epochs bigint[]) RETURNS void
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared(hashtext('parley-writer:' || node));
  IF (SELECT count(*) FROM session_leases l JOIN unnest(ids, epochs) AS w(id, epoch)
        ON l.session_id = w.id AND l.epoch = w.epoch
      WHERE l.node_id = node) <> cardinality(ids) THEN
    RAISE EXCEPTION 'a session of this batch is owned by another node now' USING ERRCODE = 'PRLFN';
  END IF;
END
$$;
