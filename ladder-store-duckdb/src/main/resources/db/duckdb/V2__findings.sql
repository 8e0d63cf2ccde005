-- Facts for findings (ladder.core.finding). body_hash: 64-bit hash of the client's request body (0 = not computed),
-- to spot client-side retries. latency_tolerant: the client sent x-ladder-latency: tolerant. DuckDB cannot add a
-- column with a NOT NULL constraint, so readers treat NULL (rows written before V2) as 0 / false.
ALTER TABLE ladder_calls ADD COLUMN body_hash BIGINT DEFAULT 0;
ALTER TABLE ladder_calls ADD COLUMN latency_tolerant BOOLEAN DEFAULT false;

-- Where a call's cacheable prefix changed against the task's previous call (ladder.core.ledger.PrefixBreak): a
-- narrow side table, since almost every call has none. ordinal: position in CallRecord.prefixBreaks.
CREATE TABLE prefix_breaks (
    ts            TIMESTAMP NOT NULL,
    request_id    VARCHAR   NOT NULL,
    attempt_index INTEGER   NOT NULL,
    ordinal       INTEGER   NOT NULL,
    task_id       VARCHAR   NOT NULL,
    block         VARCHAR   NOT NULL,
    byte_offset   BIGINT    NOT NULL,
    context       VARCHAR   NOT NULL
);
