-- Store scope: within a dealer group, a person sees only the stores, and for department roles the
-- departments, where they hold a role. The transaction that sets the tenant also sets
-- app.stores (the stores whose rows it sees), app.whole_stores (the stores it sees every
-- department of) and app.departments (the departments whose complaints it sees); '*' is every
-- store of the group. A setting left unset shows nothing, as an unset tenant does.
--
-- The stores themselves, and their departments, are seen within the same scope: a store not held
-- is not found, exactly as another group's.

-- scope_ids reads one of the scope settings: NULL for every store, else the ids (none when unset).
CREATE FUNCTION scope_ids(setting text) RETURNS bigint[]
LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT CASE current_setting(setting, true) WHEN '*' THEN NULL
                 ELSE coalesce(NULLIF(current_setting(setting, true), ''), '{}')::bigint[] END $$;

-- The policies read each setting through a sub-select, which PostgreSQL evaluates once per
-- statement rather than once per row.
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['departments', 'deliveries', 'service_orders', 'import_mappings', 'imports', 'api_keys',
                             'questionnaires', 'questionnaire_items', 'follow_up_rules', 'follow_up_tasks',
                             'surveys', 'complaint_departments', 'score_rollups', 'sample_rollups'] LOOP
        EXECUTE format('DROP POLICY tenant_isolation ON %I', t);
        EXECUTE format($p$CREATE POLICY store_scope ON %I
            USING (tenant_id = current_tenant_id()
                   AND ((SELECT scope_ids('app.stores')) IS NULL OR store_id = ANY ((SELECT scope_ids('app.stores'))::bigint[])))
            WITH CHECK (tenant_id = current_tenant_id()
                   AND ((SELECT scope_ids('app.stores')) IS NULL OR store_id = ANY ((SELECT scope_ids('app.stores'))::bigint[])))$p$, t);
    END LOOP;
END $$;

DROP POLICY tenant_isolation ON stores;
CREATE POLICY store_scope ON stores
    USING (tenant_id = current_tenant_id()
           AND ((SELECT scope_ids('app.stores')) IS NULL OR id = ANY ((SELECT scope_ids('app.stores'))::bigint[])))
    WITH CHECK (tenant_id = current_tenant_id()
           AND ((SELECT scope_ids('app.stores')) IS NULL OR id = ANY ((SELECT scope_ids('app.stores'))::bigint[])));

-- A complaint is seen by those who see its store whole, and by those who hold a role in one of
-- its departments. It is written by those who see its store.
DROP POLICY tenant_isolation ON complaints;
CREATE POLICY store_scope ON complaints
    USING (tenant_id = current_tenant_id()
           AND ((SELECT scope_ids('app.whole_stores')) IS NULL
                OR store_id = ANY ((SELECT scope_ids('app.whole_stores'))::bigint[])
                OR EXISTS (SELECT 1 FROM complaint_departments cd
                           WHERE cd.tenant_id = complaints.tenant_id AND cd.complaint_id = complaints.id
                             AND cd.department_id = ANY ((SELECT scope_ids('app.departments'))::bigint[]))))
    WITH CHECK (tenant_id = current_tenant_id()
           AND ((SELECT scope_ids('app.stores')) IS NULL OR store_id = ANY ((SELECT scope_ids('app.stores'))::bigint[])));

-- Customer-service managers may hold their role for the whole group (集团客服经理), as general
-- managers and administrators may.
ALTER TABLE memberships DROP CONSTRAINT memberships_check1;
ALTER TABLE memberships ADD CONSTRAINT memberships_span_check
    CHECK (store_id IS NOT NULL OR role IN ('gm', 'admin', 'cs_manager'));
