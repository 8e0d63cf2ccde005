-- Roll-ups of closed hours, kept by the store (see Rollups.java and ADR 0006) so that reports over millions of calls
-- read a few sums per task and per hour instead of grouping every call again. They cover the calls with
-- rowid <= covered_rowid and ts < watermark (ladder_rollup_state); every other call is read raw.
-- Per task and hour, one row per shape: 0 the task (k: its id), 1 step and tier, 2 step, 3 routed model, 4 team,
-- 5 project. t: hash(task_id). whole: the task has no other covered call outside this hour and no call added late
-- to it, so its sums in this hour are complete without grouping again. cache_reads: the task read the prompt cache
-- in this hour (a call with cacheable blocks and cache reads), for "written, never read".
CREATE TABLE ladder_task_sums (
    hour  TIMESTAMP NOT NULL,
    shape UTINYINT  NOT NULL,
    t     UBIGINT   NOT NULL,
    k     VARCHAR   NOT NULL,
    tier  UTINYINT  NOT NULL,
    c     BIGINT    NOT NULL,
    n     BIGINT    NOT NULL,
    u     BIGINT    NOT NULL,
    whole BOOLEAN   NOT NULL,
    cache_reads BOOLEAN NOT NULL
);
-- Calls that missed or wasted the prompt cache (see AnalyticsSql.CACHE_MISSES) per hour, task, cause, model and
-- first changed block, for the default minimum cacheable size (LedgerAnalytics.DEFAULT_MIN_CACHEABLE_TOKENS; other
-- sizes read raw). cause 'unread': wrote, did not read, no other cause; "written, never read" when the task reads
-- nowhere in the window. byte_offset and context: of the first change with the smallest offset (NULL: no change
-- recorded). whole and cache_reads as in ladder_task_sums.
CREATE TABLE ladder_cache_misses (
    hour          TIMESTAMP NOT NULL,
    t             UBIGINT   NOT NULL,
    cause         VARCHAR   NOT NULL,
    routed_model  VARCHAR   NOT NULL,
    block         VARCHAR   NOT NULL,
    byte_offset   BIGINT,
    context       VARCHAR,
    calls         BIGINT    NOT NULL,
    w5            BIGINT    NOT NULL,
    w1            BIGINT    NOT NULL,
    first_request VARCHAR   NOT NULL,
    task_id       VARCHAR   NOT NULL,
    first_ts      TIMESTAMP NOT NULL,
    last_ts       TIMESTAMP NOT NULL,
    whole         BOOLEAN   NOT NULL,
    cache_reads   BOOLEAN   NOT NULL
);
-- Usage and cost per hour and pricing inputs, for calls whose total input is at most 200,000 tokens (longer ones,
-- which long-context prices may apply to, are read raw). escalated: the call's request has an escalation attempt;
-- tolerant: marked latency-tolerant.
CREATE TABLE ladder_usage_sums (
    hour             TIMESTAMP NOT NULL,
    team             VARCHAR   NOT NULL,
    project          VARCHAR   NOT NULL,
    step             VARCHAR   NOT NULL,
    routed_model     VARCHAR   NOT NULL,
    tier             UTINYINT  NOT NULL,
    batch            BOOLEAN   NOT NULL,
    attempt_kind     UTINYINT  NOT NULL,
    escalated        BOOLEAN   NOT NULL,
    tolerant         BOOLEAN   NOT NULL,
    calls            BIGINT    NOT NULL,
    unpriced         BIGINT    NOT NULL,
    cost_nanos       BIGINT    NOT NULL,
    input_tokens     BIGINT    NOT NULL,
    output_tokens    BIGINT    NOT NULL,
    cache_5m_tokens  BIGINT    NOT NULL,
    cache_1h_tokens  BIGINT    NOT NULL,
    cache_read_tokens BIGINT   NOT NULL,
    web_search       BIGINT    NOT NULL,
    web_fetch        BIGINT    NOT NULL
);
CREATE TABLE ladder_rollup_state (
    id            INTEGER   PRIMARY KEY,
    covered_rowid BIGINT    NOT NULL,
    watermark     TIMESTAMP NOT NULL
);
INSERT INTO ladder_rollup_state VALUES (1, -1, TIMESTAMP '1970-01-01 00:00:00');
