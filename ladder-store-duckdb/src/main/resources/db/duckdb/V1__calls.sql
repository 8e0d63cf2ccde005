-- One row per upstream attempt (ladder.core.ledger.CallRecord). DuckDB stores each column compressed
-- (dictionary, FSST, bit-packing), so repeated strings such as team or model cost a few bits per row on disk.
-- Codes: tier 1 small, 2 medium, 3 large, 4 frontier; attempt_kind 0 first, 1 retry, 2 fallback, 3 escalation.
-- NULL cache_5m_tokens/cache_1h_tokens: the API sent no TTL split. NULL cost_nanos: unpriced.
CREATE TABLE ladder_calls (
    ts                    TIMESTAMP NOT NULL,
    request_id            VARCHAR   NOT NULL,
    task_id               VARCHAR   NOT NULL,
    step                  VARCHAR   NOT NULL,
    team                  VARCHAR   NOT NULL,
    project               VARCHAR   NOT NULL,
    key_id                VARCHAR   NOT NULL,
    requested_model       VARCHAR   NOT NULL,
    routed_model          VARCHAR   NOT NULL,
    tier                  UTINYINT  NOT NULL,
    attempt_index         INTEGER   NOT NULL,
    attempt_kind          UTINYINT  NOT NULL,
    attempt_reason        VARCHAR   NOT NULL,
    http_status           SMALLINT  NOT NULL,
    input_tokens          BIGINT    NOT NULL,
    output_tokens         BIGINT    NOT NULL,
    cache_creation_tokens BIGINT    NOT NULL,
    cache_read_tokens     BIGINT    NOT NULL,
    cache_5m_tokens       BIGINT,
    cache_1h_tokens       BIGINT,
    web_search_requests   BIGINT    NOT NULL,
    web_fetch_requests    BIGINT    NOT NULL,
    service_tier          VARCHAR   NOT NULL,
    cost_nanos            BIGINT,
    price_version         VARCHAR,
    ttfb_micros           BIGINT    NOT NULL,
    latency_micros        BIGINT    NOT NULL,
    stream                BOOLEAN   NOT NULL,
    batch                 BOOLEAN   NOT NULL,
    prefix_fingerprints   BIGINT[]  NOT NULL,
    input_bytes           BIGINT    NOT NULL,
    output_bytes          BIGINT    NOT NULL
);
