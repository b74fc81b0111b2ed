DROP TABLE complaints, survey_answers, surveys, call_attempts;
