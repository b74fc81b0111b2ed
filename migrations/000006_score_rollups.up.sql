-- Department scores per period, kept up to date in the transaction that completes a survey, so
-- that score pages read periods × departments rows, never every survey: Σ weight and
-- Σ weight × points of the scored answers attributed to the department, and how many surveys
-- gave them. A department's score for the period is points_sum / weight_sum (SPEC §4).

CREATE TABLE score_rollups (
    tenant_id     bigint         NOT NULL,
    store_id      bigint         NOT NULL,
    department_id bigint         NOT NULL,
    kind          text           NOT NULL CHECK (kind IN ('ssi', 'csi')),
    period        text           NOT NULL CHECK (period IN ('week', 'month')),
    period_start  date           NOT NULL,
    weight_sum    numeric(16, 4) NOT NULL DEFAULT 0,
    points_sum    numeric(20, 4) NOT NULL DEFAULT 0,
    surveys       integer        NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, store_id, department_id, kind, period, period_start),
    FOREIGN KEY (tenant_id, store_id, department_id) REFERENCES departments (tenant_id, store_id, id)
);

ALTER TABLE score_rollups ENABLE ROW LEVEL SECURITY;
ALTER TABLE score_rollups FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON score_rollups USING (tenant_id = current_tenant_id())
    WITH CHECK (tenant_id = current_tenant_id());
