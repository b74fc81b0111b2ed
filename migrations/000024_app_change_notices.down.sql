-- The change-notice triggers of migrations 000009, 000012 and 000019, as they were.
CREATE FUNCTION notify_store_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('csidesk_changes', OLD.tenant_id || '/' || OLD.store_id);
    ELSE
        PERFORM pg_notify('csidesk_changes', NEW.tenant_id || '/' || NEW.store_id);
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION notify_group_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('csidesk_changes', OLD.tenant_id || '/0');
    ELSE
        PERFORM pg_notify('csidesk_changes', NEW.tenant_id || '/0');
    END IF;
    RETURN NULL;
END $$;

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['score_rollups', 'sample_rollups', 'score_survey_counts', 'departments', 'questionnaires'] LOOP
        EXECUTE format('CREATE TRIGGER notify_change AFTER INSERT OR UPDATE OR DELETE ON %I
                        FOR EACH ROW EXECUTE FUNCTION notify_store_change()', t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['stores', 'questionnaire_items', 'score_tiers'] LOOP
        EXECUTE format('CREATE TRIGGER notify_change AFTER INSERT OR UPDATE OR DELETE ON %I
                        FOR EACH ROW EXECUTE FUNCTION notify_group_change()', t);
    END LOOP;
END $$;

CREATE FUNCTION notify_task_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('csidesk_changes', tenant_id || '/' || store_id || '/tasks')
        FROM (SELECT DISTINCT tenant_id, store_id FROM old_rows) s;
    ELSE
        PERFORM pg_notify('csidesk_changes', tenant_id || '/' || store_id || '/tasks')
        FROM (SELECT DISTINCT tenant_id, store_id FROM new_rows) s;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER notify_task_inserts AFTER INSERT ON follow_up_tasks
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION notify_task_changes();
CREATE TRIGGER notify_task_updates AFTER UPDATE ON follow_up_tasks
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION notify_task_changes();
CREATE TRIGGER notify_task_deletes AFTER DELETE ON follow_up_tasks
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION notify_task_changes();

ALTER POLICY store_scope ON complaints
    USING (tenant_id = current_tenant_id()
           AND ((SELECT scope_ids('app.whole_stores')) IS NULL
                OR store_id = ANY ((SELECT scope_ids('app.whole_stores'))::bigint[])
                OR EXISTS (SELECT 1 FROM complaint_departments cd
                           WHERE cd.tenant_id = complaints.tenant_id AND cd.complaint_id = complaints.id
                             AND cd.department_id = ANY ((SELECT scope_ids('app.departments'))::bigint[]))));
ALTER TABLE complaints DROP COLUMN department_ids;

CREATE OR REPLACE FUNCTION scope_ids(setting text) RETURNS bigint[]
LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT CASE current_setting(setting, true) WHEN '*' THEN NULL
                 ELSE coalesce(NULLIF(current_setting(setting, true), ''), '{}')::bigint[] END $$;
