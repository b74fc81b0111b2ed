DROP TABLE script_sections, questionnaire_items, questionnaires;
