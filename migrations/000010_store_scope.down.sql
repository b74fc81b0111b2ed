ALTER TABLE memberships DROP CONSTRAINT memberships_span_check;
ALTER TABLE memberships ADD CONSTRAINT memberships_check1 CHECK (store_id IS NOT NULL OR role IN ('gm', 'admin'));

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['stores', 'departments', 'deliveries', 'service_orders', 'import_mappings', 'imports', 'api_keys',
                             'questionnaires', 'questionnaire_items', 'follow_up_rules', 'follow_up_tasks',
                             'surveys', 'complaint_departments', 'score_rollups', 'sample_rollups', 'complaints'] LOOP
        EXECUTE format('DROP POLICY store_scope ON %I', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id())
                        WITH CHECK (tenant_id = current_tenant_id())', t);
    END LOOP;
END $$;
DROP FUNCTION scope_ids(text);
