-- Precedents for rows written before V4 (and for synthetic ledgers, see SyntheticLedger), over the whole ledger as
-- one gateway that saw every call would have written them (ladder.core.ledger.PrecedentTracker): ordered by time,
-- then request id and attempt. Rows that already carry them are left as written.
UPDATE ladder_calls SET prev_gap_us = f.gap, prev_model_changed = f.changed, prefix_extended = f.extended
FROM (SELECT rid, epoch_us(ts) - epoch_us(pts) AS gap, pmodel <> routed_model AS changed,
             len(prefix_fingerprints) >= len(pfp) AND prefix_fingerprints[1:len(pfp)] = pfp AS extended
      FROM (SELECT rowid AS rid, ts, routed_model, prefix_fingerprints, lag(ts) OVER w AS pts,
                   lag(routed_model) OVER w AS pmodel, lag(prefix_fingerprints) OVER w AS pfp
            FROM ladder_calls WHERE len(prefix_fingerprints) > 0
            WINDOW w AS (PARTITION BY task_id ORDER BY ts, request_id, attempt_index))
      WHERE pts IS NOT NULL) f
WHERE ladder_calls.rowid = f.rid AND ladder_calls.prev_gap_us IS NULL;
UPDATE ladder_calls SET repeat_gap_us = f.gap
FROM (SELECT rid, epoch_us(ts) - epoch_us(pts) AS gap
      FROM (SELECT rowid AS rid, ts,
                   lag(ts) OVER (PARTITION BY key_id, body_hash ORDER BY ts, request_id, attempt_index) AS pts
            FROM ladder_calls WHERE attempt_index = 0 AND coalesce(body_hash, 0) <> 0)
      WHERE pts IS NOT NULL) f
WHERE ladder_calls.rowid = f.rid AND ladder_calls.repeat_gap_us IS NULL;
