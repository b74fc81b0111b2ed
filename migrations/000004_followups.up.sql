-- Follow-up work: per-store rules that say who to call when, and the tasks they generate.
-- A task is generated once per rule and source (a delivery, a service order, a customer's
-- birthday of one year): the unique key makes generation idempotent however often it runs.

CREATE TABLE follow_up_rules (
    tenant_id   bigint  NOT NULL,
    id          bigint  GENERATED ALWAYS AS IDENTITY,
    store_id    bigint  NOT NULL,
    reason      text    NOT NULL CHECK (reason IN ('service_survey', 'sales_call', 'purchase_survey',
                                                   'periodic_survey', 'birthday_care')),
    survey_kind text    NOT NULL DEFAULT '' CHECK (survey_kind IN ('', 'ssi', 'csi')),
    start_days  integer NOT NULL CHECK (start_days BETWEEN 0 AND 400),
    end_days    integer NOT NULL CHECK (end_days BETWEEN 0 AND 400),
    expire_days integer NOT NULL CHECK (expire_days BETWEEN 0 AND 400),
    attempts    integer NOT NULL DEFAULT 3 CHECK (attempts BETWEEN 1 AND 10),
    active      boolean NOT NULL DEFAULT true,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT follow_up_rules_reason_key UNIQUE (tenant_id, store_id, reason),
    FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id) ON DELETE CASCADE,
    CHECK (start_days <= end_days AND end_days <= expire_days)
);

CREATE TABLE follow_up_tasks (
    tenant_id        bigint      NOT NULL,
    id               bigint      GENERATED ALWAYS AS IDENTITY,
    store_id         bigint      NOT NULL,
    customer_id      bigint      NOT NULL,
    vehicle_id       bigint,
    reason           text        NOT NULL,
    source_key       text        COLLATE "C" NOT NULL,
    delivery_id      bigint,
    service_order_id bigint,
    survey_kind      text        NOT NULL DEFAULT '' CHECK (survey_kind IN ('', 'ssi', 'csi')),
    due_from         date        NOT NULL,
    due_until        date        NOT NULL,
    expires_on       date        NOT NULL,
    status           text        NOT NULL DEFAULT 'open'
                                 CHECK (status IN ('open', 'completed', 'unreachable', 'expired', 'cancelled')),
    assigned_to      bigint,
    claimed_by       bigint,
    claimed_at       timestamptz,
    attempts         integer     NOT NULL DEFAULT 0,
    max_attempts     integer     NOT NULL DEFAULT 3,
    last_attempt_on  date,
    call_back_at     timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    closed_at        timestamptz,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT follow_up_tasks_source_key UNIQUE (tenant_id, reason, source_key),
    FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id),
    FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id),
    FOREIGN KEY (tenant_id, vehicle_id) REFERENCES vehicles (tenant_id, id),
    FOREIGN KEY (tenant_id, delivery_id) REFERENCES deliveries (tenant_id, id),
    FOREIGN KEY (tenant_id, service_order_id) REFERENCES service_orders (tenant_id, id),
    FOREIGN KEY (tenant_id, assigned_to) REFERENCES users (tenant_id, id),
    FOREIGN KEY (tenant_id, claimed_by) REFERENCES users (tenant_id, id),
    CHECK (due_from <= due_until AND due_until <= expires_on)
);
-- the worklist's tabs read the open tasks in the order of their own date
CREATE INDEX follow_up_tasks_open_due ON follow_up_tasks (tenant_id, due_from, id) WHERE status = 'open';
CREATE INDEX follow_up_tasks_open_until ON follow_up_tasks (tenant_id, due_until, id) WHERE status = 'open';
CREATE INDEX follow_up_tasks_open_expires ON follow_up_tasks (tenant_id, expires_on, id) WHERE status = 'open';
CREATE INDEX follow_up_tasks_call_backs ON follow_up_tasks (tenant_id, call_back_at, id)
    WHERE status = 'open' AND call_back_at IS NOT NULL;
CREATE INDEX follow_up_tasks_customer ON follow_up_tasks (tenant_id, customer_id, due_from);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['follow_up_rules', 'follow_up_tasks'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id())
                        WITH CHECK (tenant_id = current_tenant_id())', t);
    END LOOP;
END $$;

-- The background job that generates tasks for every dealer group needs their ids, which the
-- application role may not read across tenants; this function tells it those and nothing else.
CREATE FUNCTION tenant_ids() RETURNS SETOF bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$ SELECT id FROM tenants ORDER BY id $$;
REVOKE ALL ON FUNCTION tenant_ids() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tenant_ids() TO csidesk_app;
