DROP TABLE survey_link_tokens;
DROP INDEX complaints_closed;
DROP TABLE survey_links;
-- The event survey's rows go before the kinds' checks are restored: its surveys with their answers
-- and calls, its tasks, its roll-ups and its questionnaires. Row-level security is forced on
-- them, for their owner too, so it is lifted while they are deleted.
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['complaints', 'survey_answers', 'surveys', 'call_attempts', 'follow_up_tasks', 'score_rollups',
                             'score_survey_counts', 'sample_rollups', 'script_sections', 'questionnaire_items', 'questionnaires'] LOOP
        EXECUTE format('ALTER TABLE %I NO FORCE ROW LEVEL SECURITY', t);
    END LOOP;
    UPDATE complaints c SET survey_id = NULL FROM surveys s
    WHERE s.tenant_id = c.tenant_id AND s.id = c.survey_id
      AND s.task_id IN (SELECT id FROM follow_up_tasks WHERE survey_kind = 'event');
    DELETE FROM survey_answers a USING surveys s
    WHERE s.tenant_id = a.tenant_id AND s.id = a.survey_id
      AND s.task_id IN (SELECT id FROM follow_up_tasks WHERE survey_kind = 'event');
    DELETE FROM surveys WHERE task_id IN (SELECT id FROM follow_up_tasks WHERE survey_kind = 'event');
    DELETE FROM call_attempts WHERE task_id IN (SELECT id FROM follow_up_tasks WHERE survey_kind = 'event' OR reason = 'complaint_survey');
    DELETE FROM follow_up_tasks WHERE survey_kind = 'event' OR reason = 'complaint_survey';
    DELETE FROM score_rollups WHERE kind = 'event';
    DELETE FROM score_survey_counts WHERE kind = 'event';
    DELETE FROM sample_rollups WHERE kind = 'event';
    DELETE FROM questionnaire_items WHERE questionnaire_id IN (SELECT id FROM questionnaires WHERE kind = 'event');
    DELETE FROM script_sections WHERE questionnaire_id IN (SELECT id FROM questionnaires WHERE kind = 'event');
    DELETE FROM questionnaires WHERE kind = 'event';
    FOREACH t IN ARRAY ARRAY['complaints', 'survey_answers', 'surveys', 'call_attempts', 'follow_up_tasks', 'score_rollups',
                             'score_survey_counts', 'sample_rollups', 'script_sections', 'questionnaire_items', 'questionnaires'] LOOP
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    END LOOP;
END $$;
ALTER TABLE outbox DROP COLUMN delivery, DROP COLUMN provider_ref;
ALTER TABLE follow_up_rules NO FORCE ROW LEVEL SECURITY;
DELETE FROM follow_up_rules WHERE reason = 'complaint_survey';
ALTER TABLE follow_up_rules FORCE ROW LEVEL SECURITY;
ALTER TABLE survey_answers ALTER COLUMN answered_by SET NOT NULL;
ALTER TABLE complaints ALTER COLUMN created_by SET NOT NULL;
ALTER TABLE surveys DROP CONSTRAINT surveys_agent_check, ALTER COLUMN agent_id SET NOT NULL, DROP COLUMN channel;
ALTER TABLE customers DROP CONSTRAINT customers_dnc_reason_check,
    ADD CONSTRAINT customers_dnc_reason_check
        CHECK (dnc_reason IN ('', 'sold_car', 'serviced_elsewhere', 'requested', 'moved', 'other')),
    DROP COLUMN language, DROP COLUMN email;
ALTER TABLE stores DROP COLUMN event_in_csi, DROP COLUMN link_reminder_days, DROP COLUMN link_expiry_days;
ALTER TABLE sample_rollups DROP CONSTRAINT sample_rollups_kind_check,
    ADD CONSTRAINT sample_rollups_kind_check CHECK (kind IN ('ssi', 'csi'));
ALTER TABLE score_survey_counts DROP CONSTRAINT score_survey_counts_kind_check,
    ADD CONSTRAINT score_survey_counts_kind_check CHECK (kind IN ('ssi', 'csi'));
ALTER TABLE score_rollups DROP CONSTRAINT score_rollups_kind_check,
    ADD CONSTRAINT score_rollups_kind_check CHECK (kind IN ('ssi', 'csi'));
DROP INDEX follow_up_tasks_link_due;
ALTER TABLE follow_up_tasks DROP COLUMN channel,
    DROP CONSTRAINT follow_up_tasks_status_check,
    ADD CONSTRAINT follow_up_tasks_status_check CHECK (status IN ('open', 'completed', 'unreachable', 'expired', 'cancelled')),
    DROP CONSTRAINT follow_up_tasks_survey_kind_check,
    ADD CONSTRAINT follow_up_tasks_survey_kind_check CHECK (survey_kind IN ('', 'ssi', 'csi'));
ALTER TABLE follow_up_rules DROP COLUMN link_via, DROP COLUMN channel,
    DROP CONSTRAINT follow_up_rules_survey_kind_check,
    ADD CONSTRAINT follow_up_rules_survey_kind_check CHECK (survey_kind IN ('', 'ssi', 'csi')),
    DROP CONSTRAINT follow_up_rules_reason_check,
    ADD CONSTRAINT follow_up_rules_reason_check CHECK (reason IN ('service_survey', 'sales_call', 'purchase_survey',
                                                                  'periodic_survey', 'birthday_care'));
ALTER TABLE questionnaires DROP CONSTRAINT questionnaires_kind_check,
    ADD CONSTRAINT questionnaires_kind_check CHECK (kind IN ('ssi', 'csi'));
