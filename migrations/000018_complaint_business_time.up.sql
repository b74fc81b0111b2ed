-- Complaint deadlines counted in business time, pauses, and the warning before a deadline.
--
-- The group's policy says per severity and step whether its deadline counts business time (the
-- store's calendar) or the clock: SPEC §5 counts business hours, except a major complaint's
-- first contact.
ALTER TABLE complaint_sla ADD COLUMN business boolean NOT NULL DEFAULT true;
ALTER TABLE complaint_sla NO FORCE ROW LEVEL SECURITY;
UPDATE complaint_sla SET business = false WHERE severity = 'major' AND step = 'contact';
ALTER TABLE complaint_sla FORCE ROW LEVEL SECURITY;

-- Why a step waiting on the customer is paused: a list per group, which its administrator
-- edits. A reason taken off the list stays for the steps that name it.
CREATE TABLE complaint_pause_reasons (
    tenant_id bigint  NOT NULL REFERENCES tenants (id),
    id        bigint  GENERATED ALWAYS AS IDENTITY,
    name_zh   text    NOT NULL CHECK (length(name_zh) BETWEEN 1 AND 50),
    name_en   text    NOT NULL CHECK (length(name_en) BETWEEN 1 AND 80),
    position  integer NOT NULL DEFAULT 0,
    active    boolean NOT NULL DEFAULT true,
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX complaint_pause_reasons_name ON complaint_pause_reasons (tenant_id, name_zh) WHERE active;
ALTER TABLE complaint_pause_reasons ENABLE ROW LEVEL SECURITY;
ALTER TABLE complaint_pause_reasons FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON complaint_pause_reasons USING (tenant_id = current_tenant_id())
    WITH CHECK (tenant_id = current_tenant_id());

-- Each step now keeps how its deadline counts: business time with the calendar version it was
-- set with (NULL: the default calendar) or the clock; clock_due_at, the deadline on the clock
-- without pauses, for the statistics (NULL: due_at, as for the steps set before); warn_at, when
-- 75 % of its time is used, and warned_at, when its owner was told; while paused, since when,
-- why and until when (NULL: until resumed by hand); and its paused time and pauses so far.
-- Steps set before counted on the clock and are left so.
ALTER TABLE complaint_steps
    ADD COLUMN business        boolean     NOT NULL DEFAULT false,
    ADD COLUMN calendar_id     bigint,
    ADD COLUMN clock_due_at    timestamptz,
    ADD COLUMN warn_at         timestamptz,
    ADD COLUMN warned_at       timestamptz,
    ADD COLUMN paused_at       timestamptz,
    ADD COLUMN resume_at       timestamptz,
    ADD COLUMN pause_reason_id bigint,
    ADD COLUMN paused          interval    NOT NULL DEFAULT '0',
    ADD COLUMN pauses          integer     NOT NULL DEFAULT 0 CHECK (pauses >= 0),
    ADD FOREIGN KEY (tenant_id, calendar_id) REFERENCES store_calendars (tenant_id, id),
    ADD FOREIGN KEY (tenant_id, pause_reason_id) REFERENCES complaint_pause_reasons (tenant_id, id),
    ADD CONSTRAINT complaint_steps_pause_check CHECK ((paused_at IS NULL) = (pause_reason_id IS NULL)
        AND (resume_at IS NULL OR paused_at IS NOT NULL AND resume_at > paused_at)),
    ADD CONSTRAINT complaint_steps_calendar_check CHECK (business OR calendar_id IS NULL);
CREATE INDEX complaint_steps_paused ON complaint_steps (tenant_id, complaint_id) WHERE paused_at IS NOT NULL;
