DROP TABLE complaints, survey_answers, surveys, call_attempts;
ALTER TABLE stores DROP COLUMN dissatisfied_points;
