-- The pages staff use all day read what they count from indexes alone.
--
-- The worklist counts each tab up to a cap on every visit. Its tabs read the open tasks by date,
-- and every column a tab, a filter or the store scope tests is carried in the index of the open
-- tasks by due date, so that counting reads no table pages: the open tasks are few, the index
-- stays small however wide.
DROP INDEX follow_up_tasks_open_until;
CREATE INDEX follow_up_tasks_open_until ON follow_up_tasks (tenant_id, due_until, id)
    INCLUDE (due_from, expires_on, call_back_at, last_attempt_on, store_id, survey_kind, reason, assigned_to)
    WHERE status = 'open';

-- The customer search reads the ids and names of up to a cap of matches, to count them and to
-- order them by name, before it reads the page's customers whole: a surname such as 王 matches
-- tens of thousands. The indexes of the names and of the reversed phone hold the id and the name.
DROP INDEX customers_name;
CREATE INDEX customers_name ON customers (tenant_id, name, id);
DROP INDEX customers_name_rest;
CREATE INDEX customers_name_rest ON customers (tenant_id, name_rest) INCLUDE (id, name);
DROP INDEX customers_phone_rev;
CREATE INDEX customers_phone_rev ON customers (tenant_id, phone_rev) INCLUDE (id, name);
