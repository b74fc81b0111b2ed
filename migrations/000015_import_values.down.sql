ALTER TABLE imports DROP COLUMN sample_rows, DROP COLUMN codes, DROP COLUMN tasks;
DROP TABLE import_values;
