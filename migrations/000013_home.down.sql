DROP INDEX notifications_read_time;
DROP INDEX notifications_unread_time;
DROP INDEX surveys_open_agent;
