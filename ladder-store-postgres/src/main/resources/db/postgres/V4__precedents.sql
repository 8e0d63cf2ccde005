-- What each attempt follows (ladder.core.ledger.Precedents), written by the gateway so that the cache-breakage and
-- hidden-retry findings read one row instead of ordering the whole ledger per task and per body on every report.
-- prev_gap_us: microseconds since the task's previous attempt with cacheable blocks; prev_model_changed,
-- prefix_extended: against that attempt; repeat_gap_us: microseconds since the key's previous first attempt with the
-- same body hash. NULL: not known (no such attempt, or one the recording gateway did not see).
ALTER TABLE ladder_calls ADD COLUMN prev_gap_us BIGINT;
ALTER TABLE ladder_calls ADD COLUMN prev_model_changed BOOLEAN;
ALTER TABLE ladder_calls ADD COLUMN prefix_extended BOOLEAN;
ALTER TABLE ladder_calls ADD COLUMN repeat_gap_us BIGINT;

-- The view the analytics read, with the new columns.
CREATE OR REPLACE VIEW ladder_calls_named AS
SELECT c.ts, c.request_id, c.task_id, step.name AS step, team.name AS team, project.name AS project,
       k.name AS key_id, rm.name AS routed_model, c.tier, c.attempt_index, c.attempt_kind, c.http_status,
       c.input_tokens, c.output_tokens, c.cache_creation_tokens, c.cache_read_tokens, c.cache_5m_tokens,
       c.cache_1h_tokens, c.web_search_requests, c.web_fetch_requests, c.cost_nanos, pv.name AS price_version,
       c.stream, c.batch, c.prefix_fingerprints, c.body_hash, c.latency_tolerant, c.prev_gap_us,
       c.prev_model_changed, c.prefix_extended, c.repeat_gap_us
FROM ladder_calls c
JOIN ladder_names step ON step.id = c.step_name
JOIN ladder_names team ON team.id = c.team_name
JOIN ladder_names project ON project.id = c.project_name
JOIN ladder_names k ON k.id = c.key_name
JOIN ladder_names rm ON rm.id = c.routed_model_name
LEFT JOIN ladder_names pv ON pv.id = c.price_version_name;

-- Precedents for rows written before this version, over the whole ledger as one gateway that saw every call would
-- have written them (ladder.core.ledger.PrecedentTracker): ordered by time, then request id and attempt.
UPDATE ladder_calls c SET prev_gap_us = f.gap, prev_model_changed = f.changed, prefix_extended = f.extended
FROM (SELECT rid, ((extract(epoch FROM ts) - extract(epoch FROM pts)) * 1000000)::BIGINT AS gap,
             pmodel <> routed_model_name AS changed,
             octet_length(prefix_fingerprints) >= octet_length(pfp)
                 AND substring(prefix_fingerprints FROM 1 FOR octet_length(pfp)) = pfp AS extended
      FROM (SELECT ctid AS rid, ts, routed_model_name, prefix_fingerprints, lag(ts) OVER w AS pts,
                   lag(routed_model_name) OVER w AS pmodel, lag(prefix_fingerprints) OVER w AS pfp
            FROM ladder_calls WHERE octet_length(prefix_fingerprints) > 0
            WINDOW w AS (PARTITION BY task_id ORDER BY ts, request_id, attempt_index)) w
      WHERE pts IS NOT NULL) f
WHERE c.ctid = f.rid AND c.prev_gap_us IS NULL;
UPDATE ladder_calls c SET repeat_gap_us = f.gap
FROM (SELECT rid, ((extract(epoch FROM ts) - extract(epoch FROM pts)) * 1000000)::BIGINT AS gap
      FROM (SELECT ctid AS rid, ts,
                   lag(ts) OVER (PARTITION BY key_name, body_hash ORDER BY ts, request_id, attempt_index) AS pts
            FROM ladder_calls WHERE attempt_index = 0 AND body_hash <> 0) w
      WHERE pts IS NOT NULL) f
WHERE c.ctid = f.rid AND c.repeat_gap_us IS NULL;
