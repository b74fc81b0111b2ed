-- Incentives and penalties (SPEC §6): the group's rule sets, versioned by the month they take
-- effect; each store's approved monthly statements and their lines. A draft is computed whenever
-- asked and never stored; approving a month stores its lines, which nothing changes afterwards:
-- a later change that would alter them shows as an adjustment line in the next open month.

-- The person a complaint is against (a service advisor, a sales consultant), named by the
-- department head; a substantiated complaint counts against them.
ALTER TABLE complaints ADD COLUMN responsible_id bigint NULL;
ALTER TABLE complaints ADD FOREIGN KEY (tenant_id, responsible_id) REFERENCES users (tenant_id, id);

-- A closed form may still be appealed; the queues read those waiting on their appeal from their
-- own index beside the open forms'.
CREATE INDEX complaints_appealed ON complaints (tenant_id) WHERE status = 'closed' AND appeal IN ('pending', 'reviewed');

-- A person's employee number, by which payroll knows them.
ALTER TABLE users ADD COLUMN employee_no text NOT NULL DEFAULT '' CHECK (length(employee_no) <= 40);
CREATE UNIQUE INDEX users_employee_no_key ON users (tenant_id, employee_no) WHERE employee_no <> '';

-- A version of the group's rules, in force from its effective month (its first day) until a
-- later version's. rules holds the kinds with their amounts and bands as data (internal/incentives).
CREATE TABLE incentive_rule_sets (
    tenant_id       bigint      NOT NULL REFERENCES tenants (id),
    id              bigint      GENERATED ALWAYS AS IDENTITY,
    version         integer     NOT NULL CHECK (version >= 1),
    effective_month date        NOT NULL CHECK (effective_month = date_trunc('month', effective_month)::date),
    rules           jsonb       NOT NULL CHECK (jsonb_typeof(rules) = 'object'),
    note            text        NOT NULL DEFAULT '' CHECK (length(note) <= 500),
    created_by      bigint      NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT incentive_rule_sets_version_key UNIQUE (tenant_id, version),
    FOREIGN KEY (tenant_id, created_by) REFERENCES users (tenant_id, id)
);
REVOKE UPDATE, DELETE, TRUNCATE ON incentive_rule_sets FROM csidesk_app;

-- A store's approved month, computed with one rule set.
CREATE TABLE incentive_statements (
    tenant_id   bigint      NOT NULL,
    id          bigint      GENERATED ALWAYS AS IDENTITY,
    store_id    bigint      NOT NULL,
    month       date        NOT NULL CHECK (month = date_trunc('month', month)::date),
    rule_set_id bigint      NOT NULL,
    approved_by bigint      NOT NULL,
    approved_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, store_id, id),
    CONSTRAINT incentive_statements_month_key UNIQUE (tenant_id, store_id, month),
    FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, rule_set_id) REFERENCES incentive_rule_sets (tenant_id, id),
    FOREIGN KEY (tenant_id, approved_by) REFERENCES users (tenant_id, id)
);
REVOKE UPDATE, DELETE, TRUNCATE ON incentive_statements FROM csidesk_app;

-- A line of an approved statement: a fine (negative fen) or a reward (positive fen) or a
-- commission cut (percent; negative where an adjustment gives one back) for a person or a
-- department, with its rule, its version and its cause. key names the line's fact ("red_line:<department>:<kind>", "complaint:<person>:<n>", …),
-- by which a later recomputation finds what changed; adjusts is the earlier month an adjustment
-- line corrects.
CREATE TABLE incentive_lines (
    tenant_id     bigint       NOT NULL,
    id            bigint       GENERATED ALWAYS AS IDENTITY,
    store_id      bigint       NOT NULL,
    statement_id  bigint       NOT NULL,
    user_id       bigint       NULL,
    department_id bigint       NULL,
    kind          text         NOT NULL CHECK (kind IN ('red_line', 'benchmark_below', 'benchmark_above', 'complaint')),
    rule_version  integer      NOT NULL,
    key           text         NOT NULL CHECK (length(key) <= 200),
    amount_fen    bigint       NOT NULL DEFAULT 0,
    percent       numeric(5,2) NULL CHECK (percent BETWEEN -100 AND 100),
    cause         jsonb        NOT NULL DEFAULT '{}',
    adjusts       date         NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, store_id, statement_id) REFERENCES incentive_statements (tenant_id, store_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id),
    FOREIGN KEY (tenant_id, store_id, department_id) REFERENCES departments (tenant_id, store_id, id)
);
CREATE INDEX incentive_lines_statement ON incentive_lines (tenant_id, statement_id, id);
CREATE INDEX incentive_lines_user ON incentive_lines (tenant_id, user_id) WHERE user_id IS NOT NULL;
REVOKE UPDATE, DELETE, TRUNCATE ON incentive_lines FROM csidesk_app;

ALTER TABLE incentive_rule_sets ENABLE ROW LEVEL SECURITY;
ALTER TABLE incentive_rule_sets FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON incentive_rule_sets USING (tenant_id = current_tenant_id())
    WITH CHECK (tenant_id = current_tenant_id());

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['incentive_statements', 'incentive_lines'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format($p$CREATE POLICY store_scope ON %I
            USING (tenant_id = current_tenant_id()
                   AND ((SELECT scope_ids('app.stores')) IS NULL OR store_id = ANY ((SELECT scope_ids('app.stores'))::bigint[])))
            WITH CHECK (tenant_id = current_tenant_id()
                   AND ((SELECT scope_ids('app.stores')) IS NULL OR store_id = ANY ((SELECT scope_ids('app.stores'))::bigint[])))$p$, t);
    END LOOP;
END $$;
