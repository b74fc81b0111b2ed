DROP INDEX customers_phone_rev;
CREATE INDEX customers_phone_rev ON customers (tenant_id, phone_rev);
DROP INDEX customers_name_rest;
CREATE INDEX customers_name_rest ON customers (tenant_id, name_rest);
DROP INDEX customers_name;
CREATE INDEX customers_name ON customers (tenant_id, name);
DROP INDEX follow_up_tasks_open_until;
CREATE INDEX follow_up_tasks_open_until ON follow_up_tasks (tenant_id, due_until, id) WHERE status = 'open';
