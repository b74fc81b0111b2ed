-- A store's business calendar: its opening hours per weekday, or open round the clock, and its
-- dates that differ from the week (holidays; 调休 make-up workdays with their hours). Complaint
-- deadlines counted in business time are set with one version of the calendar and keep it:
-- saving a calendar adds a version, and the store's current calendar is its latest. A store
-- with none saved counts on the default calendar (internal/calendar.Default).
--
-- week is an array of 7 arrays of [start, end] minutes from local midnight, Sunday first;
-- days maps "2006-01-02" to {"closed": bool, "hours": [[start, end], …], "note": text}.
CREATE TABLE store_calendars (
    tenant_id   bigint      NOT NULL,
    id          bigint      GENERATED ALWAYS AS IDENTITY,
    store_id    bigint      NOT NULL,
    always_open boolean     NOT NULL DEFAULT false,
    week        jsonb       NOT NULL CHECK (jsonb_typeof(week) = 'array' AND jsonb_array_length(week) = 7),
    days        jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(days) = 'object'),
    created_by  bigint      NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, created_by) REFERENCES users (tenant_id, id)
);

CREATE INDEX store_calendars_current ON store_calendars (tenant_id, store_id, id DESC);

-- A version is never changed: a deadline set with it must not move.
REVOKE UPDATE, DELETE, TRUNCATE ON store_calendars FROM csidesk_app;

ALTER TABLE store_calendars ENABLE ROW LEVEL SECURITY;
ALTER TABLE store_calendars FORCE ROW LEVEL SECURITY;
CREATE POLICY store_scope ON store_calendars
    USING (tenant_id = current_tenant_id()
           AND ((SELECT scope_ids('app.stores')) IS NULL OR store_id = ANY ((SELECT scope_ids('app.stores'))::bigint[])))
    WITH CHECK (tenant_id = current_tenant_id()
           AND ((SELECT scope_ids('app.stores')) IS NULL OR store_id = ANY ((SELECT scope_ids('app.stores'))::bigint[])));
