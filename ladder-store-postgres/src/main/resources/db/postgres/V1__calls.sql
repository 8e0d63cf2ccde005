-- Repeated strings (team, project, key id, models, step, reason, service tier, price version) are stored once in
-- ladder_names and referenced by id, keeping a ladder_calls row under 300 bytes.
CREATE TABLE ladder_names (
    id   SERIAL PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

-- One row per upstream attempt (ladder.core.ledger.CallRecord). Columns are ordered widest first so PostgreSQL
-- adds no alignment padding. Codes: tier 1 small, 2 medium, 3 large, 4 frontier; attempt_kind 0 first, 1 retry,
-- 2 fallback, 3 escalation. NULL cache_5m_tokens/cache_1h_tokens: no TTL split reported. NULL cost_nanos: unpriced.
-- prefix_fingerprints: 8 bytes big-endian per cacheable block, in prompt order.
CREATE TABLE ladder_calls (
    ts                    TIMESTAMPTZ NOT NULL,
    input_tokens          BIGINT      NOT NULL,
    output_tokens         BIGINT      NOT NULL,
    cache_creation_tokens BIGINT      NOT NULL,
    cache_read_tokens     BIGINT      NOT NULL,
    cache_5m_tokens       BIGINT,
    cache_1h_tokens       BIGINT,
    web_search_requests   BIGINT      NOT NULL,
    web_fetch_requests    BIGINT      NOT NULL,
    cost_nanos            BIGINT,
    ttfb_micros           BIGINT      NOT NULL,
    latency_micros        BIGINT      NOT NULL,
    input_bytes           BIGINT      NOT NULL,
    output_bytes          BIGINT      NOT NULL,
    attempt_index         INTEGER     NOT NULL,
    step_name             INTEGER     NOT NULL,
    team_name             INTEGER     NOT NULL,
    project_name          INTEGER     NOT NULL,
    key_name              INTEGER     NOT NULL,
    requested_model_name  INTEGER     NOT NULL,
    routed_model_name     INTEGER     NOT NULL,
    reason_name           INTEGER     NOT NULL,
    service_tier_name     INTEGER     NOT NULL,
    price_version_name    INTEGER,
    http_status           SMALLINT    NOT NULL,
    tier                  SMALLINT    NOT NULL,
    attempt_kind          SMALLINT    NOT NULL,
    stream                BOOLEAN     NOT NULL,
    batch                 BOOLEAN     NOT NULL,
    request_id            TEXT        COLLATE "C" NOT NULL,
    task_id               TEXT        COLLATE "C" NOT NULL,
    prefix_fingerprints   BYTEA       NOT NULL
);

CREATE INDEX ladder_calls_task ON ladder_calls (task_id);
CREATE INDEX ladder_calls_key ON ladder_calls (ts, request_id, attempt_index);
