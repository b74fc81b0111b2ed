DROP INDEX score_rollups_period;
DROP TABLE sample_rollups, score_tiers;
DROP INDEX surveys_store_completed;
ALTER TABLE surveys DROP COLUMN voided_by, DROP COLUMN voided_at, DROP COLUMN void_reason;
