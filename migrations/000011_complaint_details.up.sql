-- What a follow-up call tells the complaint it opens, kept with the form as the call left it: the
-- answers at or below the store's complaint level, each with its item's short name in both
-- languages, its scale and value (so that the form shows them in the reader's language), and
-- whether the agent flagged the customer as unhappy. The customer's own words stay in the
-- description. Forms opened otherwise have none.
ALTER TABLE complaints ADD COLUMN details jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(details) = 'object');

-- The complaint level opens a complaint for real dissatisfaction only: 1–2 of 5 (40 points), not
-- a neutral 3 of 5. Stores still at the old default move to the new one; a store that chose
-- another level keeps it. Row-level security is forced on stores, for their owner too, so it is
-- lifted while they are updated.
ALTER TABLE stores ALTER COLUMN dissatisfied_points SET DEFAULT 40;
ALTER TABLE stores NO FORCE ROW LEVEL SECURITY;
UPDATE stores SET dissatisfied_points = 40 WHERE dissatisfied_points = 60;
ALTER TABLE stores FORCE ROW LEVEL SECURITY;
