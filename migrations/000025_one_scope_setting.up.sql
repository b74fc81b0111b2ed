-- A transaction's tenant and scope are one setting, app.scope = 'tenant;stores;whole_stores;
-- departments' (each part as migrations 000001 and 000010 describe it), set by one SET LOCAL
-- statement: the form a distributed engine passes on to its workers, at the cost of one statement
-- rather than four in every read batch.
CREATE OR REPLACE FUNCTION current_tenant_id() RETURNS bigint
LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT NULLIF(split_part(current_setting('app.scope', true), ';', 1), '')::bigint $$;

-- scope_part is the place in app.scope of a part, by its former setting's name.
CREATE FUNCTION scope_part(setting text) RETURNS int
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT CASE setting WHEN 'app.stores' THEN 2 WHEN 'app.whole_stores' THEN 3 WHEN 'app.departments' THEN 4 END $$;

-- scope_ids reads one part of the scope by its former setting's name: NULL for every store
-- ('*'), else the ids (none when unset). The cast never sees the '*' (migration 000024).
CREATE OR REPLACE FUNCTION scope_ids(setting text) RETURNS bigint[]
LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT CASE split_part(current_setting('app.scope', true), ';', scope_part(setting)) WHEN '*' THEN NULL
                 ELSE coalesce(NULLIF(replace(split_part(current_setting('app.scope', true), ';', scope_part(setting)),
                                              '*', ''), ''), '{}')::bigint[] END $$;
