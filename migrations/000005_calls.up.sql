-- The points at or below which an answer opens a complaint draft, per store: 3 of 5 by default.
ALTER TABLE stores ADD COLUMN dissatisfied_points integer NOT NULL DEFAULT 60
    CHECK (dissatisfied_points BETWEEN 0 AND 100);

-- Calls: every attempt to reach a customer, the survey of a reached call with its answers, and
-- the complaint draft a dissatisfied answer opens. Attempts and answers are append-only: an
-- answer changed during the call is a new row, and the newest row per question counts.

CREATE TABLE call_attempts (
    tenant_id    bigint      NOT NULL,
    id           bigint      GENERATED ALWAYS AS IDENTITY,
    task_id      bigint      NOT NULL,
    agent_id     bigint      NOT NULL,
    outcome      text        NOT NULL CHECK (outcome IN ('reached', 'no_answer', 'busy', 'switched_off',
                                                         'wrong_number', 'refused', 'call_back')),
    call_back_at timestamptz,
    notes        text        NOT NULL DEFAULT '' CHECK (length(notes) <= 1000),
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, task_id) REFERENCES follow_up_tasks (tenant_id, id),
    FOREIGN KEY (tenant_id, agent_id) REFERENCES users (tenant_id, id),
    CHECK ((outcome = 'call_back') = (call_back_at IS NOT NULL))
);
CREATE INDEX call_attempts_task ON call_attempts (tenant_id, task_id, created_at);
REVOKE UPDATE, DELETE ON call_attempts FROM csidesk_app;

CREATE TABLE surveys (
    tenant_id        bigint       NOT NULL,
    id               bigint       GENERATED ALWAYS AS IDENTITY,
    task_id          bigint       NOT NULL,
    questionnaire_id bigint       NOT NULL,
    store_id         bigint       NOT NULL,
    customer_id      bigint       NOT NULL,
    agent_id         bigint       NOT NULL,
    status           text         NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'completed', 'voided')),
    flagged          boolean      NOT NULL DEFAULT false,
    score            numeric(5,2),
    started_at       timestamptz  NOT NULL DEFAULT now(),
    completed_at     timestamptz,
    PRIMARY KEY (tenant_id, id),
    -- one survey per call: a survey is never taken, or completed, twice
    CONSTRAINT surveys_task_key UNIQUE (tenant_id, task_id),
    FOREIGN KEY (tenant_id, task_id) REFERENCES follow_up_tasks (tenant_id, id),
    FOREIGN KEY (tenant_id, questionnaire_id) REFERENCES questionnaires (tenant_id, id),
    FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id),
    FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id),
    FOREIGN KEY (tenant_id, agent_id) REFERENCES users (tenant_id, id),
    CHECK (status <> 'completed' OR completed_at IS NOT NULL)
);
CREATE INDEX surveys_customer ON surveys (tenant_id, customer_id, started_at DESC);

CREATE TABLE survey_answers (
    tenant_id   bigint      NOT NULL,
    id          bigint      GENERATED ALWAYS AS IDENTITY,
    survey_id   bigint      NOT NULL,
    item_id     bigint      NOT NULL,
    value       integer,
    text        text        NOT NULL DEFAULT '' CHECK (length(text) <= 2000),
    answered_by bigint      NOT NULL,
    answered_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, survey_id) REFERENCES surveys (tenant_id, id),
    FOREIGN KEY (tenant_id, item_id) REFERENCES questionnaire_items (tenant_id, id),
    FOREIGN KEY (tenant_id, answered_by) REFERENCES users (tenant_id, id)
);
CREATE INDEX survey_answers_current ON survey_answers (tenant_id, survey_id, item_id, id DESC);
REVOKE UPDATE, DELETE ON survey_answers FROM csidesk_app;

-- A complaint as a follow-up call opens it: a draft that the complaint workflow takes over.
CREATE TABLE complaints (
    tenant_id   bigint      NOT NULL,
    id          bigint      GENERATED ALWAYS AS IDENTITY,
    store_id    bigint      NOT NULL,
    customer_id bigint      NOT NULL,
    survey_id   bigint,
    status      text        NOT NULL DEFAULT 'draft' CHECK (status IN ('draft')),
    description text        NOT NULL CHECK (length(description) <= 4000),
    created_by  bigint      NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT complaints_survey_key UNIQUE (tenant_id, survey_id),
    FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id),
    FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id),
    FOREIGN KEY (tenant_id, survey_id) REFERENCES surveys (tenant_id, id),
    FOREIGN KEY (tenant_id, created_by) REFERENCES users (tenant_id, id)
);
CREATE INDEX complaints_customer ON complaints (tenant_id, customer_id);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['call_attempts', 'surveys', 'survey_answers', 'complaints'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id())
                        WITH CHECK (tenant_id = current_tenant_id())', t);
    END LOOP;
END $$;
