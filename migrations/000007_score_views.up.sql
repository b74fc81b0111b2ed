-- Score pages: tier labels per dealer group, voided surveys, the index the drill-down reads, and
-- the sample counts per period that the scoreboard shows beside each score.

-- Tier labels: a score at or above min_points earns the label (the highest such tier). A group
-- without rows uses the built-in defaults.
CREATE TABLE score_tiers (
    tenant_id  bigint       NOT NULL REFERENCES tenants (id),
    min_points numeric(5,2) NOT NULL CHECK (min_points BETWEEN 0 AND 100),
    label_zh   text         NOT NULL CHECK (length(label_zh) BETWEEN 1 AND 20),
    label_en   text         NOT NULL CHECK (length(label_en) BETWEEN 1 AND 30),
    PRIMARY KEY (tenant_id, min_points)
);

-- A voided survey leaves every score it touched; who voided it, when and why stay on it.
ALTER TABLE surveys ADD COLUMN voided_by bigint, ADD COLUMN voided_at timestamptz,
    ADD COLUMN void_reason text NOT NULL DEFAULT '' CHECK (length(void_reason) <= 500),
    ADD FOREIGN KEY (tenant_id, voided_by) REFERENCES users (tenant_id, id),
    ADD CHECK ((status = 'voided') = (voided_by IS NOT NULL AND voided_at IS NOT NULL));
-- the surveys behind a figure: a store's completed surveys by completion time
CREATE INDEX surveys_store_completed ON surveys (tenant_id, store_id, completed_at) WHERE status = 'completed';

-- Sample counts per store, kind and period of the due date (SPEC §3): the survey calls due, tried,
-- reached, and completed. Kept in the transaction that creates a task, records its first attempt
-- or first reached call, and completes or voids its survey.
CREATE TABLE sample_rollups (
    tenant_id    bigint  NOT NULL,
    store_id     bigint  NOT NULL,
    kind         text    NOT NULL CHECK (kind IN ('ssi', 'csi')),
    period       text    NOT NULL CHECK (period IN ('week', 'month')),
    period_start date    NOT NULL,
    required     integer NOT NULL DEFAULT 0,
    attempted    integer NOT NULL DEFAULT 0,
    reached      integer NOT NULL DEFAULT 0,
    completed    integer NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, store_id, kind, period, period_start),
    FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id)
);

-- The sample counts of the tasks already there. Row-level security is forced on the tables read,
-- for their owner too, so it is lifted while they are read (sample_rollups is not yet under it).
ALTER TABLE follow_up_tasks NO FORCE ROW LEVEL SECURITY;
ALTER TABLE call_attempts NO FORCE ROW LEVEL SECURITY;
ALTER TABLE surveys NO FORCE ROW LEVEL SECURITY;
INSERT INTO sample_rollups (tenant_id, store_id, kind, period, period_start, required, attempted, reached, completed)
SELECT t.tenant_id, t.store_id, t.survey_kind, p.period, date_trunc(p.period, t.due_from)::date, count(*),
       count(*) FILTER (WHERE EXISTS (SELECT FROM call_attempts a WHERE a.tenant_id = t.tenant_id AND a.task_id = t.id)),
       count(*) FILTER (WHERE EXISTS (SELECT FROM call_attempts a WHERE a.tenant_id = t.tenant_id
                                       AND a.task_id = t.id AND a.outcome = 'reached')),
       count(*) FILTER (WHERE EXISTS (SELECT FROM surveys sv WHERE sv.tenant_id = t.tenant_id
                                       AND sv.task_id = t.id AND sv.status = 'completed'))
FROM follow_up_tasks t CROSS JOIN (VALUES ('week'), ('month')) p(period)
WHERE t.survey_kind <> ''
GROUP BY 1, 2, 3, 4, 5;

ALTER TABLE follow_up_tasks FORCE ROW LEVEL SECURITY;
ALTER TABLE call_attempts FORCE ROW LEVEL SECURITY;
ALTER TABLE surveys FORCE ROW LEVEL SECURITY;

-- the scoreboard reads a store's periods, the group view every store's period
CREATE INDEX score_rollups_period ON score_rollups (tenant_id, period, period_start, store_id);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['score_tiers', 'sample_rollups'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id())
                        WITH CHECK (tenant_id = current_tenant_id())', t);
    END LOOP;
END $$;
