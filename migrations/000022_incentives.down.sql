DROP TABLE incentive_lines;
DROP TABLE incentive_statements;
DROP TABLE incentive_rule_sets;
DROP INDEX complaints_appealed;
ALTER TABLE complaints DROP COLUMN responsible_id;
ALTER TABLE users DROP COLUMN employee_no;
