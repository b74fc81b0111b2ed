-- Complaint tracking forms (SPEC §5): the form, the departments it goes to, its steps with their
-- deadlines, an append-only timeline, per-group SLA policy and categories, in-app notifications
-- and the outbox of e-mail and SMS messages.

CREATE TABLE complaint_categories (
    tenant_id bigint  NOT NULL REFERENCES tenants (id),
    id        bigint  GENERATED ALWAYS AS IDENTITY,
    name_zh   text    NOT NULL CHECK (length(name_zh) BETWEEN 1 AND 50),
    name_en   text    NOT NULL CHECK (length(name_en) BETWEEN 1 AND 80),
    position  integer NOT NULL DEFAULT 0,
    active    boolean NOT NULL DEFAULT true,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT complaint_categories_name_key UNIQUE (tenant_id, name_zh)
);

-- Deadlines per severity and step in minutes from opening; remote_minutes applies to a
-- complaint not made face to face (letter, SMS, hotline, web). A group without rows uses the
-- defaults of SPEC §5.
CREATE TABLE complaint_sla (
    tenant_id      bigint  NOT NULL REFERENCES tenants (id),
    severity       text    NOT NULL CHECK (severity IN ('grievance', 'general', 'major')),
    step           text    NOT NULL CHECK (step IN ('dispatch', 'assign', 'contact', 'resolve', 'instruct', 'revisit', 'approve')),
    minutes        integer NOT NULL CHECK (minutes BETWEEN 1 AND 43200),
    remote_minutes integer NOT NULL CHECK (remote_minutes BETWEEN 1 AND 43200),
    PRIMARY KEY (tenant_id, severity, step)
);

-- The form: the draft a follow-up call opened becomes an open form awaiting dispatch. Row-level
-- security is forced on complaints, for their owner too, so it is lifted while they are updated.
ALTER TABLE complaints NO FORCE ROW LEVEL SECURITY;
ALTER TABLE complaints DROP CONSTRAINT complaints_status_check;
UPDATE complaints SET status = 'open';
ALTER TABLE complaints
    ALTER COLUMN status SET DEFAULT 'open',
    ADD CONSTRAINT complaints_status_check CHECK (status IN ('open', 'dispatched', 'assigned', 'contacted', 'planned',
        'signed', 'instructed', 'accepted', 'closed', 'not_accepted', 'void')),
    ADD COLUMN vehicle_id       bigint,
    ADD COLUMN service_order_id bigint,
    ADD COLUMN delivery_id      bigint,
    ADD COLUMN category_id      bigint,
    ADD COLUMN severity         text    NOT NULL DEFAULT 'grievance' CHECK (severity IN ('grievance', 'general', 'major')),
    ADD COLUMN channel          text    NOT NULL DEFAULT 'follow_up'
        CHECK (channel IN ('follow_up', 'letter', 'sms', 'hotline', 'walk_in', 'web')),
    ADD COLUMN face_to_face     boolean NOT NULL DEFAULT false,
    ADD COLUMN handler_id       bigint,
    ADD COLUMN plan             text    NOT NULL DEFAULT '' CHECK (length(plan) <= 4000),
    ADD COLUMN reported_to_region boolean NOT NULL DEFAULT false,
    ADD COLUMN appeal           text    NOT NULL DEFAULT '' CHECK (appeal IN ('', 'pending', 'reviewed', 'dismissed', 'upheld')),
    ADD COLUMN parent_id        bigint,
    ADD COLUMN opened_at        timestamptz,
    ADD COLUMN closed_at        timestamptz,
    ADD FOREIGN KEY (tenant_id, vehicle_id) REFERENCES vehicles (tenant_id, id),
    ADD FOREIGN KEY (tenant_id, service_order_id) REFERENCES service_orders (tenant_id, id),
    ADD FOREIGN KEY (tenant_id, delivery_id) REFERENCES deliveries (tenant_id, id),
    ADD FOREIGN KEY (tenant_id, category_id) REFERENCES complaint_categories (tenant_id, id),
    ADD FOREIGN KEY (tenant_id, handler_id) REFERENCES users (tenant_id, id),
    ADD FOREIGN KEY (tenant_id, parent_id) REFERENCES complaints (tenant_id, id);
UPDATE complaints SET opened_at = created_at;
ALTER TABLE complaints ALTER COLUMN opened_at SET NOT NULL, ALTER COLUMN opened_at SET DEFAULT now();
ALTER TABLE complaints FORCE ROW LEVEL SECURITY;
CREATE INDEX complaints_store_opened ON complaints (tenant_id, store_id, opened_at);
CREATE INDEX complaints_open ON complaints (tenant_id, status, opened_at) WHERE status NOT IN ('closed', 'not_accepted', 'void');

CREATE TABLE complaint_departments (
    tenant_id     bigint NOT NULL,
    complaint_id  bigint NOT NULL,
    store_id      bigint NOT NULL,
    department_id bigint NOT NULL,
    PRIMARY KEY (tenant_id, complaint_id, department_id),
    FOREIGN KEY (tenant_id, complaint_id) REFERENCES complaints (tenant_id, id),
    FOREIGN KEY (tenant_id, store_id, department_id) REFERENCES departments (tenant_id, store_id, id)
);
CREATE INDEX complaint_departments_department ON complaint_departments (tenant_id, department_id);

-- Each step of a form with its deadline, when it was done and by whom, and how far an overdue
-- step has been escalated (1: its owner and the department manager told, 2: the GM told).
CREATE TABLE complaint_steps (
    tenant_id    bigint      NOT NULL,
    complaint_id bigint      NOT NULL,
    step         text        NOT NULL CHECK (step IN ('dispatch', 'assign', 'contact', 'resolve', 'instruct', 'revisit', 'approve')),
    due_at       timestamptz NOT NULL,
    done_at      timestamptz,
    done_by      bigint,
    escalation   integer     NOT NULL DEFAULT 0 CHECK (escalation BETWEEN 0 AND 2),
    PRIMARY KEY (tenant_id, complaint_id, step),
    FOREIGN KEY (tenant_id, complaint_id) REFERENCES complaints (tenant_id, id),
    FOREIGN KEY (tenant_id, done_by) REFERENCES users (tenant_id, id)
);
CREATE INDEX complaint_steps_open ON complaint_steps (tenant_id, due_at) WHERE done_at IS NULL;

-- The timeline: every step, note and escalation, who (none: the system), when and what.
CREATE TABLE complaint_events (
    tenant_id    bigint      NOT NULL,
    id           bigint      GENERATED ALWAYS AS IDENTITY,
    complaint_id bigint      NOT NULL,
    action       text        NOT NULL CHECK (length(action) BETWEEN 1 AND 40),
    actor_id     bigint,
    note         text        NOT NULL DEFAULT '' CHECK (length(note) <= 4000),
    detail       jsonb       NOT NULL DEFAULT '{}',
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, complaint_id) REFERENCES complaints (tenant_id, id),
    FOREIGN KEY (tenant_id, actor_id) REFERENCES users (tenant_id, id)
);
CREATE INDEX complaint_events_complaint ON complaint_events (tenant_id, complaint_id, id);
REVOKE UPDATE, DELETE, TRUNCATE ON complaint_events FROM csidesk_app;

-- In-app notifications, and the outbox of messages a sender delivers (e-mail or SMS).
CREATE TABLE notifications (
    tenant_id    bigint      NOT NULL,
    id           bigint      GENERATED ALWAYS AS IDENTITY,
    user_id      bigint      NOT NULL,
    complaint_id bigint,
    message      text        NOT NULL CHECK (length(message) BETWEEN 1 AND 100),
    args         jsonb       NOT NULL DEFAULT '{}',
    created_at   timestamptz NOT NULL DEFAULT now(),
    read_at      timestamptz,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, complaint_id) REFERENCES complaints (tenant_id, id)
);
CREATE INDEX notifications_unread ON notifications (tenant_id, user_id, id DESC) WHERE read_at IS NULL;
CREATE INDEX notifications_user ON notifications (tenant_id, user_id, id DESC);

CREATE TABLE outbox (
    tenant_id  bigint      NOT NULL,
    id         bigint      GENERATED ALWAYS AS IDENTITY,
    channel    text        NOT NULL CHECK (channel IN ('email', 'sms')),
    recipient  text        NOT NULL CHECK (length(recipient) BETWEEN 1 AND 254),
    subject    text        NOT NULL DEFAULT '' CHECK (length(subject) <= 200),
    body       text        NOT NULL CHECK (length(body) <= 4000),
    created_at timestamptz NOT NULL DEFAULT now(),
    sent_at    timestamptz,
    attempts   integer     NOT NULL DEFAULT 0,
    last_error text        NOT NULL DEFAULT '',
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX outbox_unsent ON outbox (tenant_id, id) WHERE sent_at IS NULL;

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['complaint_categories', 'complaint_sla', 'complaint_departments', 'complaint_steps',
                             'complaint_events', 'notifications', 'outbox'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id())
                        WITH CHECK (tenant_id = current_tenant_id())', t);
    END LOOP;
END $$;
