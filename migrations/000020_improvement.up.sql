-- Improvement (SPEC §6): the manufacturer's quarterly results beside the store's own figures,
-- and the improvement actions (CSI提升行动计划表) that gaps and red-line failures open, followed
-- through plan → do → check → act → closed. Meetings keep the focus items they picked.

-- The group's catalogue of benchmark items, per programme. An item may stand for a
-- questionnaire item (by its short name in either language) and a kind of department, so that
-- the store's own quarterly figure stands beside the manufacturer's and its actions have a home.
CREATE TABLE benchmark_items (
    tenant_id       bigint      NOT NULL REFERENCES tenants (id),
    id              bigint      GENERATED ALWAYS AS IDENTITY,
    programme       text        NOT NULL CHECK (programme IN ('csi', 'ssi', 'mystery', 'inspection')),
    name            text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    item_short      text        NOT NULL DEFAULT '' CHECK (length(item_short) <= 100),
    department_kind text        NULL CHECK (department_kind IN ('sales', 'after_sales', 'mechanical', 'body_paint',
                                                                'accessories', 'parts', 'customer_service', 'other')),
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT benchmark_items_name_key UNIQUE (tenant_id, programme, name)
);

-- An uploaded results file of one store, kept with its column mapping until it is committed.
CREATE TABLE benchmark_imports (
    tenant_id    bigint      NOT NULL,
    id           bigint      GENERATED ALWAYS AS IDENTITY,
    store_id     bigint      NOT NULL,
    user_id      bigint      NOT NULL,
    file_name    text        NOT NULL,
    encoding     text        NOT NULL,
    header       text[]      NOT NULL,
    mapping      jsonb       NOT NULL DEFAULT '{}',
    content      bytea       NOT NULL,
    status       text        NOT NULL DEFAULT 'mapped' CHECK (status IN ('mapped', 'committed')),
    added        integer     NOT NULL DEFAULT 0,
    changed      integer     NOT NULL DEFAULT 0,
    unchanged    integer     NOT NULL DEFAULT 0,
    rejected     integer     NOT NULL DEFAULT 0,
    opened       integer     NOT NULL DEFAULT 0,
    created_at   timestamptz NOT NULL DEFAULT now(),
    committed_at timestamptz NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id)
);

-- A store's result for an item in a quarter (quarter: its first day), with the national and
-- regional averages it is compared with.
CREATE TABLE benchmark_results (
    tenant_id  bigint       NOT NULL,
    id         bigint       GENERATED ALWAYS AS IDENTITY,
    store_id   bigint       NOT NULL,
    item_id    bigint       NOT NULL,
    quarter    date         NOT NULL CHECK (quarter = date_trunc('quarter', quarter)::date),
    score      numeric(7,2) NOT NULL CHECK (score BETWEEN 0 AND 1000),
    national   numeric(7,2) NULL CHECK (national BETWEEN 0 AND 1000),
    regional   numeric(7,2) NULL CHECK (regional BETWEEN 0 AND 1000),
    rank       integer      NULL CHECK (rank >= 1),
    import_id  bigint       NULL,
    updated_by bigint       NULL,
    updated_at timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, store_id, id),
    CONSTRAINT benchmark_results_key UNIQUE (tenant_id, store_id, item_id, quarter),
    FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, item_id) REFERENCES benchmark_items (tenant_id, id),
    FOREIGN KEY (tenant_id, import_id) REFERENCES benchmark_imports (tenant_id, id),
    FOREIGN KEY (tenant_id, updated_by) REFERENCES users (tenant_id, id)
);

-- Every change of a result, by import or by hand: who, when, before → after.
CREATE TABLE benchmark_changes (
    tenant_id  bigint      NOT NULL,
    id         bigint      GENERATED ALWAYS AS IDENTITY,
    store_id   bigint      NOT NULL,
    result_id  bigint      NOT NULL,
    user_id    bigint      NULL,
    import_id  bigint      NULL,
    before     jsonb       NULL,
    after      jsonb       NOT NULL,
    reason     text        NOT NULL DEFAULT '' CHECK (length(reason) <= 500),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, store_id, result_id) REFERENCES benchmark_results (tenant_id, store_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id),
    FOREIGN KEY (tenant_id, import_id) REFERENCES benchmark_imports (tenant_id, id)
);
CREATE INDEX benchmark_changes_result ON benchmark_changes (tenant_id, result_id, id);
REVOKE UPDATE, DELETE, TRUNCATE ON benchmark_changes FROM csidesk_app;

-- Which periods closing below the red line open an action: the month, and optionally the week.
ALTER TABLE stores ADD COLUMN action_periods text[] NOT NULL DEFAULT '{month}'
    CHECK (action_periods <@ ARRAY['week', 'month'] AND cardinality(action_periods) >= 1);

-- An improvement action. An automatic one carries the cause that opened it (cause_key: one
-- action per cause) and the figure behind it; one opened by hand names what it was opened from.
CREATE TABLE improvement_actions (
    tenant_id          bigint       NOT NULL,
    id                 bigint       GENERATED ALWAYS AS IDENTITY,
    store_id           bigint       NOT NULL,
    department_id      bigint       NULL,
    source             text         NOT NULL CHECK (source IN ('benchmark', 'red_line', 'score', 'complaint', 'manual')),
    cause_key          text         NULL,
    -- the figure: a score (kind, period, its start, item short name), or a benchmark result
    kind               text         NULL CHECK (kind IN ('ssi', 'csi')),
    period             text         NULL CHECK (period IN ('week', 'month', 'quarter')),
    period_start       date         NULL,
    item_short         text         NOT NULL DEFAULT '' CHECK (length(item_short) <= 100),
    result_id          bigint       NULL,
    compared_with      text         NULL CHECK (compared_with IN ('national', 'regional', 'red_line')),
    complaint_category text         NULL,
    weakness           text         NOT NULL CHECK (length(weakness) BETWEEN 1 AND 500),
    baseline           numeric(7,2) NULL,
    target             numeric(7,2) NULL,
    cause_analysis     text         NOT NULL DEFAULT '' CHECK (length(cause_analysis) <= 4000),
    action             text         NOT NULL DEFAULT '' CHECK (length(action) <= 4000),
    owner_id           bigint       NULL,
    due_on             date         NULL,
    stage              text         NOT NULL DEFAULT 'plan' CHECK (stage IN ('plan', 'do', 'check', 'act', 'closed')),
    started_on         date         NULL,
    outcome            text         NULL CHECK (outcome IN ('met', 'not_met')),
    outcome_note       text         NOT NULL DEFAULT '' CHECK (length(outcome_note) <= 2000),
    outcome_by         bigint       NULL,
    follows_id         bigint       NULL,
    overdue_notified   date         NULL,
    opened_by          bigint       NULL,
    created_at         timestamptz  NOT NULL DEFAULT now(),
    updated_at         timestamptz  NOT NULL DEFAULT now(),
    closed_at          timestamptz  NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, store_id, id),
    CONSTRAINT improvement_actions_cause_key UNIQUE (tenant_id, cause_key),
    CHECK ((stage = 'closed') = (closed_at IS NOT NULL)),
    FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, store_id, department_id) REFERENCES departments (tenant_id, store_id, id),
    FOREIGN KEY (tenant_id, store_id, result_id) REFERENCES benchmark_results (tenant_id, store_id, id),
    FOREIGN KEY (tenant_id, owner_id) REFERENCES users (tenant_id, id),
    FOREIGN KEY (tenant_id, outcome_by) REFERENCES users (tenant_id, id),
    FOREIGN KEY (tenant_id, opened_by) REFERENCES users (tenant_id, id),
    FOREIGN KEY (tenant_id, store_id, follows_id) REFERENCES improvement_actions (tenant_id, store_id, id)
);
CREATE INDEX improvement_actions_open ON improvement_actions (tenant_id, store_id, due_on) WHERE stage <> 'closed';
CREATE INDEX improvement_actions_owner ON improvement_actions (tenant_id, owner_id) WHERE stage <> 'closed';

-- Every change of an action: who, when, which field, before → after.
CREATE TABLE improvement_events (
    tenant_id  bigint      NOT NULL,
    id         bigint      GENERATED ALWAYS AS IDENTITY,
    store_id   bigint      NOT NULL,
    action_id  bigint      NOT NULL,
    user_id    bigint      NULL,
    field      text        NOT NULL,
    before     text        NOT NULL DEFAULT '',
    after      text        NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, store_id, action_id) REFERENCES improvement_actions (tenant_id, store_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id)
);
CREATE INDEX improvement_events_action ON improvement_events (tenant_id, action_id, id);
REVOKE UPDATE, DELETE, TRUNCATE ON improvement_events FROM csidesk_app;

-- Evidence of an action's effect: a note, and optionally a file (a photo, a sign-in sheet).
CREATE TABLE improvement_evidence (
    tenant_id    bigint      NOT NULL,
    id           bigint      GENERATED ALWAYS AS IDENTITY,
    store_id     bigint      NOT NULL,
    action_id    bigint      NOT NULL,
    user_id      bigint      NOT NULL,
    note         text        NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
    file_name    text        NULL CHECK (length(file_name) <= 255),
    content_type text        NULL,
    file_size    integer     NULL CHECK (file_size BETWEEN 1 AND 5242880),
    content      bytea       NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CHECK ((file_name IS NULL) = (content IS NULL) AND (content IS NULL) = (file_size IS NULL)),
    CHECK (note <> '' OR content IS NOT NULL),
    FOREIGN KEY (tenant_id, store_id, action_id) REFERENCES improvement_actions (tenant_id, store_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id)
);
CREATE INDEX improvement_evidence_action ON improvement_evidence (tenant_id, action_id, id);
REVOKE UPDATE, DELETE, TRUNCATE ON improvement_evidence FROM csidesk_app;

-- The focus items a weekly or monthly meeting picked, kept with the report of that period.
CREATE TABLE meeting_focus (
    tenant_id     bigint      NOT NULL,
    id            bigint      GENERATED ALWAYS AS IDENTITY,
    store_id      bigint      NOT NULL,
    kind          text        NOT NULL CHECK (kind IN ('ssi', 'csi')),
    period        text        NOT NULL CHECK (period IN ('week', 'month')),
    period_start  date        NOT NULL,
    department_id bigint      NULL,
    item_short    text        NOT NULL DEFAULT '' CHECK (length(item_short) <= 100),
    note          text        NOT NULL DEFAULT '' CHECK (length(note) <= 1000),
    chosen_by     bigint      NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT meeting_focus_key UNIQUE NULLS NOT DISTINCT (tenant_id, store_id, kind, period, period_start, department_id, item_short),
    FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, store_id, department_id) REFERENCES departments (tenant_id, store_id, id),
    FOREIGN KEY (tenant_id, chosen_by) REFERENCES users (tenant_id, id)
);

ALTER TABLE benchmark_items ENABLE ROW LEVEL SECURITY;
ALTER TABLE benchmark_items FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON benchmark_items USING (tenant_id = current_tenant_id())
    WITH CHECK (tenant_id = current_tenant_id());

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['benchmark_imports', 'benchmark_results', 'benchmark_changes', 'improvement_events',
                             'improvement_evidence', 'meeting_focus'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format($p$CREATE POLICY store_scope ON %I
            USING (tenant_id = current_tenant_id()
                   AND ((SELECT scope_ids('app.stores')) IS NULL OR store_id = ANY ((SELECT scope_ids('app.stores'))::bigint[])))
            WITH CHECK (tenant_id = current_tenant_id()
                   AND ((SELECT scope_ids('app.stores')) IS NULL OR store_id = ANY ((SELECT scope_ids('app.stores'))::bigint[])))$p$, t);
    END LOOP;
END $$;

-- An action is seen by those who see its store whole, and by those who hold a role in its
-- department; it is written by those who see its store.
ALTER TABLE improvement_actions ENABLE ROW LEVEL SECURITY;
ALTER TABLE improvement_actions FORCE ROW LEVEL SECURITY;
CREATE POLICY store_scope ON improvement_actions
    USING (tenant_id = current_tenant_id()
           AND ((SELECT scope_ids('app.whole_stores')) IS NULL
                OR store_id = ANY ((SELECT scope_ids('app.whole_stores'))::bigint[])
                OR department_id = ANY ((SELECT scope_ids('app.departments'))::bigint[])))
    WITH CHECK (tenant_id = current_tenant_id()
           AND ((SELECT scope_ids('app.stores')) IS NULL OR store_id = ANY ((SELECT scope_ids('app.stores'))::bigint[])));
