-- The start page lists each agent's calls in progress: their open surveys. Open surveys are few
-- (a call being taken), completed ones grow without end, so a partial index keeps the list a
-- short range however many surveys a group has completed.
CREATE INDEX surveys_open_agent ON surveys (tenant_id, agent_id, started_at DESC) WHERE status = 'open';

-- The notifications page lists a user's unread notifications, then the read ones, each newest
-- first by the time they were given, a page at a time from where the last page ended.
CREATE INDEX notifications_unread_time ON notifications (tenant_id, user_id, created_at DESC, id DESC) WHERE read_at IS NULL;
CREATE INDEX notifications_read_time ON notifications (tenant_id, user_id, created_at DESC, id DESC) WHERE read_at IS NOT NULL;
