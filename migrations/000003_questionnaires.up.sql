-- Questionnaires and call scripts: one numbered version after another per store and kind. A
-- version is frozen once a survey used it; changing it then makes the next version, so every
-- survey keeps the exact questions it was asked.

CREATE TABLE questionnaires (
    tenant_id  bigint      NOT NULL,
    id         bigint      GENERATED ALWAYS AS IDENTITY,
    store_id   bigint      NOT NULL,
    kind       text        NOT NULL CHECK (kind IN ('ssi', 'csi')),
    version    integer     NOT NULL CHECK (version >= 1),
    frozen     boolean     NOT NULL DEFAULT false,
    created_by bigint,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, id, store_id),
    CONSTRAINT questionnaires_version_key UNIQUE (tenant_id, store_id, kind, version),
    FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, created_by) REFERENCES users (tenant_id, id)
);

CREATE TABLE questionnaire_items (
    tenant_id        bigint       NOT NULL,
    id               bigint       GENERATED ALWAYS AS IDENTITY,
    questionnaire_id bigint       NOT NULL,
    store_id         bigint       NOT NULL,
    position         integer      NOT NULL CHECK (position >= 1),
    text_zh          text         NOT NULL CHECK (length(text_zh) BETWEEN 1 AND 500),
    text_en          text         NOT NULL CHECK (length(text_en) BETWEEN 1 AND 500),
    scale            text         NOT NULL CHECK (scale IN ('five', 'ten', 'yes_no', 'text')),
    weight           numeric(6,2) NOT NULL CHECK (weight >= 0 AND (scale <> 'text' OR weight = 0)),
    mandatory        boolean      NOT NULL DEFAULT true,
    department_id    bigint       NOT NULL,
    element          text         NOT NULL DEFAULT ''
                                  CHECK (element IN ('', 'expectation', 'perceived_quality', 'perceived_value',
                                                     'satisfaction', 'complaint', 'loyalty')),
    PRIMARY KEY (tenant_id, id),
    -- deferrable, so that one statement may renumber the items (checked when it ends)
    CONSTRAINT questionnaire_items_position_key UNIQUE (tenant_id, questionnaire_id, position) DEFERRABLE,
    FOREIGN KEY (tenant_id, questionnaire_id, store_id) REFERENCES questionnaires (tenant_id, id, store_id)
        ON DELETE CASCADE,
    -- the department an item is scored for belongs to the questionnaire's store
    CONSTRAINT questionnaire_items_department_fkey FOREIGN KEY (tenant_id, store_id, department_id)
        REFERENCES departments (tenant_id, store_id, id)
);

CREATE TABLE script_sections (
    tenant_id        bigint NOT NULL,
    questionnaire_id bigint NOT NULL,
    kind             text   NOT NULL
                            CHECK (kind IN ('greeting', 'identity_check', 'closing', 'silence', 'bad_line', 'dialect')),
    text_zh          text   NOT NULL CHECK (length(text_zh) <= 2000),
    text_en          text   NOT NULL CHECK (length(text_en) <= 2000),
    PRIMARY KEY (tenant_id, questionnaire_id, kind),
    FOREIGN KEY (tenant_id, questionnaire_id) REFERENCES questionnaires (tenant_id, id) ON DELETE CASCADE
);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['questionnaires', 'questionnaire_items', 'script_sections'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id())
                        WITH CHECK (tenant_id = current_tenant_id())', t);
    END LOOP;
END $$;
