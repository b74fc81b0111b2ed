DROP TABLE meeting_focus;
DROP TABLE improvement_evidence;
DROP TABLE improvement_events;
DROP TABLE improvement_actions;
ALTER TABLE stores DROP COLUMN action_periods;
DROP TABLE benchmark_changes;
DROP TABLE benchmark_results;
DROP TABLE benchmark_imports;
DROP TABLE benchmark_items;
