-- The application keeps what its pages read most (score boards, a group's stores) in memory.
-- Every change to it tells each application process which store changed, as 'tenant/store' on
-- the channel csidesk_changes, once the change commits (PostgreSQL sends a payload once per
-- transaction); store 0 stands for every store of the group.

-- A change to a row of one store.
CREATE FUNCTION notify_store_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('csidesk_changes', OLD.tenant_id || '/' || OLD.store_id);
    ELSE
        PERFORM pg_notify('csidesk_changes', NEW.tenant_id || '/' || NEW.store_id);
    END IF;
    RETURN NULL;
END $$;

-- A change to a row that every store of the group reads.
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
    FOREACH t IN ARRAY ARRAY['score_rollups', 'sample_rollups', 'departments', 'questionnaires'] LOOP
        EXECUTE format('CREATE TRIGGER notify_change AFTER INSERT OR UPDATE OR DELETE ON %I
                        FOR EACH ROW EXECUTE FUNCTION notify_store_change()', t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['stores', 'questionnaire_items', 'score_tiers'] LOOP
        EXECUTE format('CREATE TRIGGER notify_change AFTER INSERT OR UPDATE OR DELETE ON %I
                        FOR EACH ROW EXECUTE FUNCTION notify_group_change()', t);
    END LOOP;
END $$;
