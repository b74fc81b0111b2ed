-- Small samples give no verdict. A department's (or the whole store's) figure for a week or
-- month from fewer surveys than the store's minimum sample is shown without a red-line verdict
-- or tier (SPEC §4 leaves the size open; 5 is the trade's usual floor).
ALTER TABLE stores ADD COLUMN min_sample integer NOT NULL DEFAULT 5 CHECK (min_sample BETWEEN 1 AND 1000);

-- How many surveys gave a store's score of a kind in a period: the department roll-ups cannot
-- say, since one survey counts in every department it has scored answers for. Kept with the
-- department roll-ups (scores.Add), by the week and month of completion in the store's time zone.
CREATE TABLE score_survey_counts (
    tenant_id    bigint  NOT NULL,
    store_id     bigint  NOT NULL,
    kind         text    NOT NULL CHECK (kind IN ('ssi', 'csi')),
    period       text    NOT NULL CHECK (period IN ('week', 'month')),
    period_start date    NOT NULL,
    surveys      integer NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, store_id, kind, period, period_start),
    FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id)
);

-- The counts of the surveys already there: a completed survey counts when its newest answer to
-- some item with a weight is scored, as in the department roll-ups. Row-level security is forced
-- on the tables read, for their owner too, so it is lifted while they are read.
ALTER TABLE surveys NO FORCE ROW LEVEL SECURITY;
ALTER TABLE survey_answers NO FORCE ROW LEVEL SECURITY;
ALTER TABLE questionnaires NO FORCE ROW LEVEL SECURITY;
ALTER TABLE questionnaire_items NO FORCE ROW LEVEL SECURITY;
ALTER TABLE stores NO FORCE ROW LEVEL SECURITY;
INSERT INTO score_survey_counts (tenant_id, store_id, kind, period, period_start, surveys)
SELECT s.tenant_id, s.store_id, q.kind, p.period,
       date_trunc(p.period, s.completed_at AT TIME ZONE st.time_zone)::date, count(*)
FROM surveys s
JOIN questionnaires q ON q.tenant_id = s.tenant_id AND q.id = s.questionnaire_id
JOIN stores st ON st.tenant_id = s.tenant_id AND st.id = s.store_id
CROSS JOIN (VALUES ('week'), ('month')) p(period)
WHERE s.status = 'completed' AND EXISTS (
    SELECT FROM (SELECT DISTINCT ON (a.item_id) a.item_id, a.value FROM survey_answers a
                 WHERE a.tenant_id = s.tenant_id AND a.survey_id = s.id ORDER BY a.item_id, a.id DESC) cur
    JOIN questionnaire_items i ON i.tenant_id = s.tenant_id AND i.id = cur.item_id
    WHERE cur.value IS NOT NULL AND i.scale <> 'text' AND i.weight > 0)
GROUP BY 1, 2, 3, 4, 5;
ALTER TABLE surveys FORCE ROW LEVEL SECURITY;
ALTER TABLE survey_answers FORCE ROW LEVEL SECURITY;
ALTER TABLE questionnaires FORCE ROW LEVEL SECURITY;
ALTER TABLE questionnaire_items FORCE ROW LEVEL SECURITY;
ALTER TABLE stores FORCE ROW LEVEL SECURITY;

ALTER TABLE score_survey_counts ENABLE ROW LEVEL SECURITY;
ALTER TABLE score_survey_counts FORCE ROW LEVEL SECURITY;
CREATE POLICY store_scope ON score_survey_counts
    USING (tenant_id = current_tenant_id()
           AND ((SELECT scope_ids('app.stores')) IS NULL OR store_id = ANY ((SELECT scope_ids('app.stores'))::bigint[])))
    WITH CHECK (tenant_id = current_tenant_id()
           AND ((SELECT scope_ids('app.stores')) IS NULL OR store_id = ANY ((SELECT scope_ids('app.stores'))::bigint[])));

-- The kept score boards read the counts: a change to them is announced as one to the store.
CREATE TRIGGER notify_change AFTER INSERT OR UPDATE OR DELETE ON score_survey_counts
    FOR EACH ROW EXECUTE FUNCTION notify_store_change();
