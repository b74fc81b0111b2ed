-- Surveys answered by the customer through a link sent by SMS or e-mail, and the event survey
-- after a complaint (SPEC §3): a third kind of questionnaire, reported apart from CSI and SSI
-- unless a store counts it in its CSI.

-- The event survey: its kind, and the follow-up reason that asks it after a closed complaint.
ALTER TABLE questionnaires DROP CONSTRAINT questionnaires_kind_check,
    ADD CONSTRAINT questionnaires_kind_check CHECK (kind IN ('ssi', 'csi', 'event'));
ALTER TABLE follow_up_rules DROP CONSTRAINT follow_up_rules_reason_check,
    ADD CONSTRAINT follow_up_rules_reason_check CHECK (reason IN ('service_survey', 'sales_call', 'purchase_survey',
                                                                  'periodic_survey', 'birthday_care', 'complaint_survey')),
    DROP CONSTRAINT follow_up_rules_survey_kind_check,
    ADD CONSTRAINT follow_up_rules_survey_kind_check CHECK (survey_kind IN ('', 'ssi', 'csi', 'event')),
    -- how the rule reaches the customer: by phone; by a link from the start; or by phone, with
    -- a link sent after the last unanswered attempt instead of closing the task as unreachable
    ADD COLUMN channel text NOT NULL DEFAULT 'phone' CHECK (channel IN ('phone', 'link', 'phone_then_link')),
    ADD COLUMN link_via text NOT NULL DEFAULT 'sms' CHECK (link_via IN ('sms', 'email'));
ALTER TABLE follow_up_tasks DROP CONSTRAINT follow_up_tasks_survey_kind_check,
    ADD CONSTRAINT follow_up_tasks_survey_kind_check CHECK (survey_kind IN ('', 'ssi', 'csi', 'event')),
    -- 'linked': a survey link is out with the customer; no agent calls meanwhile
    DROP CONSTRAINT follow_up_tasks_status_check,
    ADD CONSTRAINT follow_up_tasks_status_check
        CHECK (status IN ('open', 'linked', 'completed', 'unreachable', 'expired', 'cancelled')),
    ADD COLUMN channel text NOT NULL DEFAULT 'phone' CHECK (channel IN ('phone', 'link', 'phone_then_link'));
CREATE INDEX follow_up_tasks_link_due ON follow_up_tasks (tenant_id, due_from, id) WHERE status = 'open' AND channel = 'link';
ALTER TABLE score_rollups DROP CONSTRAINT score_rollups_kind_check,
    ADD CONSTRAINT score_rollups_kind_check CHECK (kind IN ('ssi', 'csi', 'event'));
ALTER TABLE score_survey_counts DROP CONSTRAINT score_survey_counts_kind_check,
    ADD CONSTRAINT score_survey_counts_kind_check CHECK (kind IN ('ssi', 'csi', 'event'));
ALTER TABLE sample_rollups DROP CONSTRAINT sample_rollups_kind_check,
    ADD CONSTRAINT sample_rollups_kind_check CHECK (kind IN ('ssi', 'csi', 'event'));

-- A store's link settings: how long a link stays open, after how many days one reminder goes
-- (0: none), and whether the event survey counts in the store's CSI.
ALTER TABLE stores ADD COLUMN link_expiry_days integer NOT NULL DEFAULT 7 CHECK (link_expiry_days BETWEEN 1 AND 30),
    ADD COLUMN link_reminder_days integer NOT NULL DEFAULT 2 CHECK (link_reminder_days BETWEEN 0 AND 14),
    ADD COLUMN event_in_csi boolean NOT NULL DEFAULT false;

-- The customer's e-mail and language, for links; 'unsubscribed' (客户退订) is set by the link's
-- unsubscribe.
ALTER TABLE customers ADD COLUMN email text COLLATE "C" NOT NULL DEFAULT ''
        CHECK (email = '' OR (length(email) <= 254 AND email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$')),
    ADD COLUMN language text NOT NULL DEFAULT 'zh-CN' CHECK (language IN ('zh-CN', 'en')),
    DROP CONSTRAINT customers_dnc_reason_check,
    ADD CONSTRAINT customers_dnc_reason_check
        CHECK (dnc_reason IN ('', 'sold_car', 'serviced_elsewhere', 'requested', 'moved', 'other', 'unsubscribed'));

-- A survey's channel; a survey answered through a link has no agent, and its answers are the
-- customer's (answered_by NULL).
ALTER TABLE surveys ADD COLUMN channel text NOT NULL DEFAULT 'phone' CHECK (channel IN ('phone', 'sms', 'email')),
    ALTER COLUMN agent_id DROP NOT NULL,
    ADD CONSTRAINT surveys_agent_check CHECK (channel <> 'phone' OR agent_id IS NOT NULL);
ALTER TABLE survey_answers ALTER COLUMN answered_by DROP NOT NULL;
-- a complaint the customer's own answers opened through a link has no creator
ALTER TABLE complaints ALTER COLUMN created_by DROP NOT NULL;

-- What the SMS provider said of a message: its reference, and its delivery as last reported
-- ('' until asked; 'delivered' or 'failed').
ALTER TABLE outbox ADD COLUMN provider_ref text NOT NULL DEFAULT '' CHECK (length(provider_ref) <= 100),
    ADD COLUMN delivery text NOT NULL DEFAULT '' CHECK (delivery IN ('', 'pending', 'delivered', 'failed'));
-- the delivery-status job asks the provider about the messages still pending
CREATE INDEX outbox_pending ON outbox (tenant_id, sent_at) WHERE delivery = 'pending';

-- One survey link per task. Its tokens are stored only as their SHA-256: the first message's,
-- and the reminder's, which carries a token of its own since the first cannot be read back;
-- either opens the same survey. The messages sent are outbox rows, whose attempts, last error
-- and delivery show on the task.
CREATE TABLE survey_links (
    tenant_id       bigint      NOT NULL,
    id              bigint      GENERATED ALWAYS AS IDENTITY,
    task_id         bigint      NOT NULL,
    store_id        bigint      NOT NULL,
    customer_id     bigint      NOT NULL,
    channel         text        NOT NULL CHECK (channel IN ('sms', 'email')),
    recipient       text        NOT NULL CHECK (length(recipient) BETWEEN 1 AND 254),
    language        text        NOT NULL CHECK (language IN ('zh-CN', 'en')),
    token_hash      bytea       NOT NULL CHECK (length(token_hash) = 32),
    reminder_hash   bytea       NULL CHECK (length(reminder_hash) = 32),
    sent_by         bigint      NULL,
    created_at      timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    outbox_id       bigint      NULL,
    reminder_id     bigint      NULL,
    opened_at       timestamptz NULL,
    completed_at    timestamptz NULL,
    unsubscribed_at timestamptz NULL,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT survey_links_task_key UNIQUE (tenant_id, task_id),
    CONSTRAINT survey_links_token_key UNIQUE (tenant_id, token_hash),
    CONSTRAINT survey_links_reminder_key UNIQUE (tenant_id, reminder_hash),
    FOREIGN KEY (tenant_id, task_id) REFERENCES follow_up_tasks (tenant_id, id),
    FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id),
    FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id),
    FOREIGN KEY (tenant_id, sent_by) REFERENCES users (tenant_id, id),
    FOREIGN KEY (tenant_id, outbox_id) REFERENCES outbox (tenant_id, id),
    FOREIGN KEY (tenant_id, reminder_id) REFERENCES outbox (tenant_id, id),
    CHECK (expires_at > created_at),
    CHECK ((reminder_id IS NULL) = (reminder_hash IS NULL))
);
-- the reminder job reads the links still waiting for their customer
CREATE INDEX survey_links_waiting ON survey_links (tenant_id, created_at)
    WHERE completed_at IS NULL AND unsubscribed_at IS NULL AND reminder_id IS NULL;
ALTER TABLE survey_links ENABLE ROW LEVEL SECURITY;
ALTER TABLE survey_links FORCE ROW LEVEL SECURITY;
CREATE POLICY store_scope ON survey_links
    USING (tenant_id = current_tenant_id()
           AND ((SELECT scope_ids('app.stores')) IS NULL OR store_id = ANY ((SELECT scope_ids('app.stores'))::bigint[])))
    WITH CHECK (tenant_id = current_tenant_id()
           AND ((SELECT scope_ids('app.stores')) IS NULL OR store_id = ANY ((SELECT scope_ids('app.stores'))::bigint[])));

-- Global: which group and store a link's token belongs to, so that the customer's page, which
-- has no session, can set its tenant and store scope before it reads the link under row-level
-- security.
CREATE TABLE survey_link_tokens (
    token_hash bytea  PRIMARY KEY CHECK (length(token_hash) = 32),
    tenant_id  bigint NOT NULL REFERENCES tenants (id),
    store_id   bigint NOT NULL
);

-- the generation of event surveys reads the group's complaints closed lately
CREATE INDEX complaints_closed ON complaints (tenant_id, closed_at) WHERE status = 'closed';

-- Every existing store gets the event survey's rule: three to seven days after the GM's
-- approval closes a complaint, dropped after a fortnight.
ALTER TABLE stores NO FORCE ROW LEVEL SECURITY;
ALTER TABLE follow_up_rules NO FORCE ROW LEVEL SECURITY;
INSERT INTO follow_up_rules (tenant_id, store_id, reason, survey_kind, start_days, end_days, expire_days, attempts, active)
SELECT tenant_id, id, 'complaint_survey', 'event', 3, 7, 14, 3, true FROM stores
ON CONFLICT (tenant_id, store_id, reason) DO NOTHING;
ALTER TABLE follow_up_rules FORCE ROW LEVEL SECURITY;
ALTER TABLE stores FORCE ROW LEVEL SECURITY;
