-- Change notices come from the application (internal/changes), in the same transaction as the
-- change, instead of triggers: a distributed engine runs a table's triggers on the workers that
-- hold its shards, where no application listens, and refuses to distribute a table with one.
DROP TRIGGER notify_task_inserts ON follow_up_tasks;
DROP TRIGGER notify_task_updates ON follow_up_tasks;
DROP TRIGGER notify_task_deletes ON follow_up_tasks;
DROP FUNCTION notify_task_changes();

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['score_rollups', 'sample_rollups', 'score_survey_counts', 'departments',
                             'questionnaires', 'stores', 'questionnaire_items', 'score_tiers'] LOOP
        EXECUTE format('DROP TRIGGER notify_change ON %I', t);
    END LOOP;
END $$;
DROP FUNCTION notify_store_change();
DROP FUNCTION notify_group_change();

-- A complaint names its departments in a column of its own, kept with complaint_departments by
-- the application, so that the policy that shows it to their heads reads the row alone: a
-- distributed engine refuses a policy with a sub-query over another table.
ALTER TABLE complaints ADD COLUMN department_ids bigint[] NOT NULL DEFAULT '{}';
UPDATE complaints c SET department_ids = d.ids
FROM (SELECT tenant_id, complaint_id, array_agg(department_id ORDER BY department_id) AS ids
      FROM complaint_departments GROUP BY 1, 2) d
WHERE d.tenant_id = c.tenant_id AND d.complaint_id = c.id;

ALTER POLICY store_scope ON complaints
    USING (tenant_id = current_tenant_id()
           AND ((SELECT scope_ids('app.whole_stores')) IS NULL
                OR store_id = ANY ((SELECT scope_ids('app.whole_stores'))::bigint[])
                OR department_ids && (SELECT scope_ids('app.departments'))));

-- scope_ids reads a scope setting: NULL for every store ('*'), else the ids. A distributed
-- engine may evaluate the cast before the CASE has looked at the value, so the cast never sees
-- the '*' itself.
CREATE OR REPLACE FUNCTION scope_ids(setting text) RETURNS bigint[]
LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT CASE current_setting(setting, true) WHEN '*' THEN NULL
                 ELSE coalesce(NULLIF(replace(current_setting(setting, true), '*', ''), ''), '{}')::bigint[] END $$;
