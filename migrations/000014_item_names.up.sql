-- Questionnaire items get what the editor and the call screen need beyond the question itself:
--   * a short name in each language ("服务态度", "Advisor's manner"), by which drill-downs,
--     reports, their workbooks and complaint forms name the item rather than by its whole
--     question; the editor keeps it to 12 Chinese or 24 Latin characters;
--   * which language's text may be out of date, since the other one was changed alone;
--   * the work types of the service orders the item is asked about (empty: every order), so that
--     the call screen skips a body and paint item after a maintenance visit.
ALTER TABLE questionnaire_items
    ADD COLUMN name_zh text,
    ADD COLUMN name_en text,
    ADD COLUMN stale text NOT NULL DEFAULT '' CHECK (stale IN ('', 'zh', 'en')),
    ADD COLUMN work_types text[] NOT NULL DEFAULT '{}'
        CHECK (work_types <@ ARRAY['maintenance', 'repair', 'body_paint', 'warranty', 'accessory']);

-- The items already there are named from their wording: the part of the CSI model where that
-- says what the item asks, else what "对…是否满意" / "satisfied were you with …" asks about,
-- else the question's first clause that asks ("…有没有…", "Has …"), else its first clause;
-- without a leading aside such as "（客户未试驾则跳过）" or courtesies, cut to the length a name
-- may have. Row-level security is forced on the table, for
-- its owner too, so it is lifted while the names are written.
ALTER TABLE questionnaire_items NO FORCE ROW LEVEL SECURITY;
WITH bare AS (
    SELECT tenant_id, id, element, text_zh, text_en,
           regexp_replace(text_zh, '^\s*[（(][^）)]*[）)]\s*', '') AS zh,
           regexp_replace(text_en, '^\s*[（(][^）)]*[）)]\s*', '') AS en
    FROM questionnaire_items),
asked AS (
    SELECT tenant_id, id, element, text_zh, text_en,
           btrim(regexp_replace(coalesce((regexp_match(zh, '对(.+?)是否满意'))[1],
                                         (regexp_match(zh, '[^，。？！；：,.?!;:]*(?:是否|有没有|吗|多大|怎么样)[^，。？！；：,.?!;:]*'))[1],
                                         (regexp_match(zh, '^[^，。？！；：,.?!;:]+'))[1], ''),
                                '^(请问|您对|在我店|我店|这次的|这次|本次的|本次|您的|\s)+', '')) AS zh,
           btrim(regexp_replace(coalesce((regexp_match(en, 'satisfied (?:were|are) you with ([^—?,]+)', 'i'))[1],
                                         (regexp_match(en, '(?:^|[—,.?!;:]\s*)((?:was|were|is|are|has|have|did|do|does|how|would|will|could|can)\y[^—,.?!;:]*)', 'i'))[1],
                                         (regexp_match(en, '^[^—,.?!;:]+'))[1], ''),
                                '^((with|our|your|the)\s+)+', '', 'i')) AS en
    FROM bare),
named AS (
    SELECT tenant_id, id, element,
           coalesce(nullif(zh, ''), left(text_zh, 12)) AS zh,
           coalesce(nullif(en, ''), left(text_en, 24)) AS en
    FROM asked)
UPDATE questionnaire_items i
SET name_zh = CASE n.element
        WHEN 'satisfaction' THEN '总体满意度' WHEN 'loyalty' THEN '推荐意愿'
        WHEN 'expectation' THEN '期望达成' WHEN 'complaint' THEN '各环节是否满意'
        ELSE CASE WHEN char_length(n.zh) <= 12 THEN n.zh ELSE left(n.zh, 11) || '…' END END,
    name_en = CASE n.element
        WHEN 'satisfaction' THEN 'Overall satisfaction' WHEN 'loyalty' THEN 'Likelihood to recommend'
        WHEN 'expectation' THEN 'Expectations met' WHEN 'complaint' THEN 'Happy with every part'
        ELSE upper(left(n.en, 1)) || substr(CASE WHEN char_length(n.en) <= 24 THEN n.en
                                                 ELSE coalesce((regexp_match(n.en, '^(.{1,23})\s'))[1], left(n.en, 23)) || '…' END, 2) END
FROM named n
WHERE i.tenant_id = n.tenant_id AND i.id = n.id;
ALTER TABLE questionnaire_items FORCE ROW LEVEL SECURITY;

ALTER TABLE questionnaire_items
    ALTER COLUMN name_zh SET NOT NULL,
    ALTER COLUMN name_en SET NOT NULL,
    ADD CONSTRAINT questionnaire_items_name_zh_check CHECK (char_length(name_zh) BETWEEN 1 AND 24),
    ADD CONSTRAINT questionnaire_items_name_en_check CHECK (char_length(name_en) BETWEEN 1 AND 24);
