-- Budget reservations and settlements (ladder.core.access.BudgetLedger, PostgresBudgetLedger). Money is BIGINT
-- nano-dollars. A budget window is its key: (scope, owner, period) with period the month (2026-11) or 'task', so a
-- new month is a new row and nothing ever resets. Reserving locks the window rows (SELECT ... FOR UPDATE, in key
-- order), so gateways sharing this database reserve one after the other per window.
-- IF NOT EXISTS: the version number of this script may change when branches merge (see migrations.txt).

-- What is settled against each budget window; its row is also the lock reservations take.
CREATE TABLE IF NOT EXISTS ladder_budget_accounts (
    spent_nanos BIGINT NOT NULL DEFAULT 0,
    scope       TEXT   COLLATE "C" NOT NULL,
    owner       TEXT   COLLATE "C" NOT NULL,
    period      TEXT   COLLATE "C" NOT NULL,
    PRIMARY KEY (scope, owner, period)
);

-- Every reservation ever made; settled_at and actual_nanos are set once, by the first settle.
CREATE TABLE IF NOT EXISTS ladder_budget_reservations (
    id           BIGSERIAL   PRIMARY KEY,
    amount_nanos BIGINT      NOT NULL,
    actual_nanos BIGINT,
    created_at   TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL,
    settled_at   TIMESTAMPTZ
);

-- What unsettled reservations hold, one row per reservation and budget window; deleted when settled. A hold
-- counts as in flight until expires_at; after that it no longer counts but stays, so a late settle still records
-- the spend on the right windows.
CREATE TABLE IF NOT EXISTS ladder_budget_holds (
    reservation_id BIGINT      NOT NULL REFERENCES ladder_budget_reservations (id),
    amount_nanos   BIGINT      NOT NULL,
    expires_at     TIMESTAMPTZ NOT NULL,
    scope          TEXT        COLLATE "C" NOT NULL,
    owner          TEXT        COLLATE "C" NOT NULL,
    period         TEXT        COLLATE "C" NOT NULL
);

CREATE INDEX IF NOT EXISTS ladder_budget_holds_window ON ladder_budget_holds (scope, owner, period);
CREATE INDEX IF NOT EXISTS ladder_budget_holds_reservation ON ladder_budget_holds (reservation_id);
