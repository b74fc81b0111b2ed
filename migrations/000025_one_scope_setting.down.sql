-- The four settings of migrations 000001, 000010 and 000024.
CREATE OR REPLACE FUNCTION current_tenant_id() RETURNS bigint
LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT NULLIF(current_setting('app.tenant_id', true), '')::bigint $$;

CREATE OR REPLACE FUNCTION scope_ids(setting text) RETURNS bigint[]
LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT CASE current_setting(setting, true) WHEN '*' THEN NULL
                 ELSE coalesce(NULLIF(replace(current_setting(setting, true), '*', ''), ''), '{}')::bigint[] END $$;

DROP FUNCTION scope_part(text);
