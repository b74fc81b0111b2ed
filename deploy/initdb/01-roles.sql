-- Run once by the postgres image, as superuser, when its data directory is empty.
-- The same roles scripts/pg.sh creates: csidesk owns the database and schema (migrations,
-- seeding); csidesk_app is what the server connects as, and since it neither owns the tables nor
-- bypasses RLS, row-level security confines it to one tenant. Passwords are for local use only.
CREATE ROLE csidesk LOGIN PASSWORD 'csidesk';
CREATE ROLE csidesk_app LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD 'csidesk_app';
-- csidesk_backup reads every row and writes nothing, for scripts/backup.sh.
CREATE ROLE csidesk_backup LOGIN NOSUPERUSER BYPASSRLS IN ROLE pg_read_all_data PASSWORD 'csidesk_backup';
CREATE DATABASE csidesk OWNER csidesk;
