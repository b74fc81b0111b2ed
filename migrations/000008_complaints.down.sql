DROP TABLE outbox, notifications, complaint_events, complaint_steps, complaint_departments, complaint_sla;
DROP INDEX complaints_store_opened, complaints_open;
ALTER TABLE complaints DROP COLUMN vehicle_id, DROP COLUMN service_order_id, DROP COLUMN delivery_id,
    DROP COLUMN category_id, DROP COLUMN severity, DROP COLUMN channel, DROP COLUMN face_to_face,
    DROP COLUMN handler_id, DROP COLUMN plan, DROP COLUMN reported_to_region, DROP COLUMN appeal,
    DROP COLUMN parent_id, DROP COLUMN opened_at, DROP COLUMN closed_at;
DROP TABLE complaint_categories;
ALTER TABLE complaints DROP CONSTRAINT complaints_status_check;
UPDATE complaints SET status = 'draft';
ALTER TABLE complaints ALTER COLUMN status SET DEFAULT 'draft',
    ADD CONSTRAINT complaints_status_check CHECK (status IN ('draft'));
