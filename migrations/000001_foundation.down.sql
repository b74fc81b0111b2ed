DROP TABLE sessions, memberships, login_failures, login_emails, users, departments, stores, tenants;
DROP FUNCTION current_tenant_id();
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM csidesk_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT ON SEQUENCES FROM csidesk_app;
