-- Facts for findings (ladder.core.finding). body_hash: 64-bit hash of the client's request body (0 = not computed),
-- to spot client-side retries. latency_tolerant: the client sent x-ladder-latency: tolerant.
ALTER TABLE ladder_calls ADD COLUMN body_hash BIGINT NOT NULL DEFAULT 0;
ALTER TABLE ladder_calls ADD COLUMN latency_tolerant BOOLEAN NOT NULL DEFAULT false;

-- Where a call's cacheable prefix changed against the task's previous call (ladder.core.ledger.PrefixBreak): a
-- narrow side table, since almost every call has none. ordinal: position in CallRecord.prefixBreaks.
CREATE TABLE prefix_breaks (
    ts            TIMESTAMPTZ NOT NULL,
    byte_offset   BIGINT      NOT NULL,
    attempt_index INTEGER     NOT NULL,
    ordinal       INTEGER     NOT NULL,
    request_id    TEXT        COLLATE "C" NOT NULL,
    task_id       TEXT        COLLATE "C" NOT NULL,
    block         TEXT        NOT NULL,
    context       TEXT        NOT NULL
);
CREATE INDEX prefix_breaks_key ON prefix_breaks (request_id, attempt_index);
CREATE INDEX prefix_breaks_ts ON prefix_breaks (ts);

-- The calls with dictionary names resolved, for the analytics queries (ladder.store.postgres.AnalyticsSql).
CREATE VIEW ladder_calls_named AS
SELECT c.ts, c.request_id, c.task_id, step.name AS step, team.name AS team, project.name AS project,
       k.name AS key_id, rm.name AS routed_model, c.tier, c.attempt_index, c.attempt_kind, c.http_status,
       c.input_tokens, c.output_tokens, c.cache_creation_tokens, c.cache_read_tokens, c.cache_5m_tokens,
       c.cache_1h_tokens, c.web_search_requests, c.web_fetch_requests, c.cost_nanos, pv.name AS price_version,
       c.stream, c.batch, c.prefix_fingerprints, c.body_hash, c.latency_tolerant
FROM ladder_calls c
JOIN ladder_names step ON step.id = c.step_name
JOIN ladder_names team ON team.id = c.team_name
JOIN ladder_names project ON project.id = c.project_name
JOIN ladder_names k ON k.id = c.key_name
JOIN ladder_names rm ON rm.id = c.routed_model_name
LEFT JOIN ladder_names pv ON pv.id = c.price_version_name;
