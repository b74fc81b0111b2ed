DROP TABLE score_survey_counts;
ALTER TABLE stores DROP COLUMN min_sample;
