-- Each store keeps the complaint level it has; only the default goes back.
ALTER TABLE stores ALTER COLUMN dissatisfied_points SET DEFAULT 60;
ALTER TABLE complaints DROP COLUMN details;
