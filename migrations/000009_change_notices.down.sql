DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['score_rollups', 'sample_rollups', 'departments', 'questionnaires',
                             'stores', 'questionnaire_items', 'score_tiers'] LOOP
        EXECUTE format('DROP TRIGGER notify_change ON %I', t);
    END LOOP;
END $$;
DROP FUNCTION notify_store_change(), notify_group_change();
