-- Budget reservations and settlements (ladder.core.access.BudgetLedger, DuckDbBudgetLedger). Money is BIGINT
-- nano-dollars; times are UTC. A budget window is its key: (scope, owner, period) with period the month
-- (2026-11) or 'task', so a new month is a new row and nothing ever resets.
-- IF NOT EXISTS: the version number of this script may change when branches merge (see migrations.txt).

-- What is settled against each budget window.
CREATE TABLE IF NOT EXISTS ladder_budget_accounts (
    scope       VARCHAR NOT NULL,
    owner       VARCHAR NOT NULL,
    period      VARCHAR NOT NULL,
    spent_nanos BIGINT  NOT NULL DEFAULT 0,
    PRIMARY KEY (scope, owner, period)
);

CREATE SEQUENCE IF NOT EXISTS ladder_budget_reservation_ids START 1;

-- Every reservation ever made; settled_at and actual_nanos are set once, by the first settle.
CREATE TABLE IF NOT EXISTS ladder_budget_reservations (
    id           BIGINT    PRIMARY KEY,
    amount_nanos BIGINT    NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL,
    settled_at   TIMESTAMP,
    actual_nanos BIGINT
);

-- What unsettled reservations hold, one row per reservation and budget window; deleted when settled. A hold
-- counts as in flight until expires_at; after that it no longer counts but stays, so a late settle still records
-- the spend on the right windows.
CREATE TABLE IF NOT EXISTS ladder_budget_holds (
    reservation_id BIGINT    NOT NULL,
    scope          VARCHAR   NOT NULL,
    owner          VARCHAR   NOT NULL,
    period         VARCHAR   NOT NULL,
    amount_nanos   BIGINT    NOT NULL,
    expires_at     TIMESTAMP NOT NULL
);
