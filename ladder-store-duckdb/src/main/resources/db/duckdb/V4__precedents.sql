-- What each attempt follows (ladder.core.ledger.Precedents), written by the gateway so that the cache-breakage and
-- hidden-retry findings read one row instead of ordering the whole ledger per task and per body on every report.
-- prev_gap_us: microseconds since the task's previous attempt with cacheable blocks; prev_model_changed,
-- prefix_extended: against that attempt; repeat_gap_us: microseconds since the key's previous first attempt with the
-- same body hash. NULL: not known (no such attempt, or one the recording gateway did not see).
ALTER TABLE ladder_calls ADD COLUMN prev_gap_us BIGINT;
ALTER TABLE ladder_calls ADD COLUMN prev_model_changed BOOLEAN;
ALTER TABLE ladder_calls ADD COLUMN prefix_extended BOOLEAN;
ALTER TABLE ladder_calls ADD COLUMN repeat_gap_us BIGINT;
