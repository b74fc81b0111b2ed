DROP FUNCTION tenant_ids();
DROP TABLE follow_up_tasks, follow_up_rules;
