-- A notification may be about an improvement action (an overdue one), as others are about a
-- complaint: the inbox and the e-mail link to it.
ALTER TABLE notifications ADD COLUMN action_id bigint;
ALTER TABLE notifications ADD FOREIGN KEY (tenant_id, action_id) REFERENCES improvement_actions (tenant_id, id);
