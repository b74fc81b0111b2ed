ALTER TABLE notifications DROP COLUMN action_id;
