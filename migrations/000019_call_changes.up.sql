-- The worklist keeps its tab counts in memory (internal/changes) until a call of the store
-- changes. Calls change all day long, so they announce it in their own area, 'tenant/store/tasks'
-- on csidesk_changes, which voids only what is kept of the calls and leaves the store's score
-- boards kept. One notice per store a statement touched, however many calls it wrote.
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
