DROP INDEX complaint_steps_paused;
ALTER TABLE complaint_steps DROP CONSTRAINT complaint_steps_pause_check, DROP CONSTRAINT complaint_steps_calendar_check,
    DROP COLUMN business, DROP COLUMN calendar_id, DROP COLUMN clock_due_at, DROP COLUMN warn_at, DROP COLUMN warned_at,
    DROP COLUMN paused_at, DROP COLUMN resume_at, DROP COLUMN pause_reason_id, DROP COLUMN paused, DROP COLUMN pauses;
DROP TABLE complaint_pause_reasons;
ALTER TABLE complaint_sla DROP COLUMN business;
