DROP TRIGGER notify_task_deletes ON follow_up_tasks;
DROP TRIGGER notify_task_updates ON follow_up_tasks;
DROP TRIGGER notify_task_inserts ON follow_up_tasks;
DROP FUNCTION notify_task_changes();
