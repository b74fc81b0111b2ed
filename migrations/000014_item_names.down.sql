ALTER TABLE questionnaire_items
    DROP COLUMN name_zh,
    DROP COLUMN name_en,
    DROP COLUMN stale,
    DROP COLUMN work_types;
