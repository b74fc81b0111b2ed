-- Foundation: tenants, stores, departments, users, memberships, sessions and login throttling.
--
-- Every tenant-owned table has tenant_id leading its primary key, foreign keys that include it,
-- and row-level security enabled and forced with a policy that fails closed when no tenant is set.
-- The application role csidesk_app (created by the cluster bootstrap) gets table rights through
-- default privileges; it owns nothing.

ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO csidesk_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO csidesk_app;

-- current_tenant_id reads the per-transaction tenant; NULL (no rows) when none is set.
CREATE FUNCTION current_tenant_id() RETURNS bigint
LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT NULLIF(current_setting('app.tenant_id', true), '')::bigint $$;

-- Global: the dealer groups themselves. Created by the owner (csidesk user create); the app reads
-- only its own row.
CREATE TABLE tenants (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    created_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_self ON tenants USING (id = current_tenant_id());
REVOKE INSERT, UPDATE, DELETE ON tenants FROM csidesk_app;

CREATE TABLE stores (
    tenant_id     bigint       NOT NULL REFERENCES tenants (id),
    id            bigint       GENERATED ALWAYS AS IDENTITY,
    name          text         NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    brand         text         NOT NULL DEFAULT '' CHECK (length(brand) <= 100),
    region        text         NOT NULL DEFAULT '' CHECK (length(region) <= 100),
    time_zone     text         NOT NULL DEFAULT 'Asia/Shanghai',
    ssi_threshold numeric(5,2) NOT NULL DEFAULT 95 CHECK (ssi_threshold BETWEEN 0 AND 100),
    csi_threshold numeric(5,2) NOT NULL DEFAULT 95 CHECK (csi_threshold BETWEEN 0 AND 100),
    created_at    timestamptz  NOT NULL DEFAULT now(),
    updated_at    timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT stores_name_key UNIQUE (tenant_id, name)
);

CREATE TABLE departments (
    tenant_id  bigint      NOT NULL REFERENCES tenants (id),
    id         bigint      GENERATED ALWAYS AS IDENTITY,
    store_id   bigint      NOT NULL,
    kind       text        NOT NULL CHECK (kind IN ('sales', 'after_sales', 'mechanical', 'body_paint',
                                                    'accessories', 'parts', 'customer_service', 'other')),
    -- name is optional but for kind 'other': an empty name shows the kind in the user's language
    name       text        NOT NULL DEFAULT '' CHECK (length(name) <= 100 AND (kind <> 'other' OR name <> '')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, store_id, id),
    CONSTRAINT departments_kind_name_key UNIQUE (tenant_id, store_id, kind, name),
    FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE users (
    tenant_id     bigint      NOT NULL REFERENCES tenants (id),
    id            bigint      GENERATED ALWAYS AS IDENTITY,
    email         text        NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
    name          text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    password_hash text        NOT NULL,
    locale        text        NOT NULL DEFAULT 'zh-CN' CHECK (locale IN ('zh-CN', 'en')),
    active        boolean     NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT users_email_key UNIQUE (tenant_id, email)
);

-- Global: which dealer group an e-mail address logs in to. Login happens before a tenant is known,
-- so this directory is the one place that spans tenants; it holds nothing but the address.
CREATE TABLE login_emails (
    email     text   PRIMARY KEY,
    tenant_id bigint NOT NULL REFERENCES tenants (id)
);

-- Global: failed logins, keyed by account and by client address, for throttling.
CREATE TABLE login_failures (
    id        bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account   text        NOT NULL,
    client    text        NOT NULL,
    failed_at timestamptz NOT NULL
);
CREATE INDEX login_failures_account ON login_failures (account, failed_at);
CREATE INDEX login_failures_client ON login_failures (client, failed_at);

CREATE TABLE memberships (
    tenant_id     bigint      NOT NULL REFERENCES tenants (id),
    id            bigint      GENERATED ALWAYS AS IDENTITY,
    user_id       bigint      NOT NULL,
    store_id      bigint,
    role          text        NOT NULL CHECK (role IN ('agent', 'cs_manager', 'dept_manager', 'staff', 'gm', 'admin')),
    department_id bigint,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT memberships_unique UNIQUE NULLS NOT DISTINCT (tenant_id, user_id, store_id, role, department_id),
    CONSTRAINT memberships_user_fkey FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT memberships_store_fkey FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id),
    CONSTRAINT memberships_department_fkey FOREIGN KEY (tenant_id, store_id, department_id) REFERENCES departments (tenant_id, store_id, id),
    -- department managers and staff belong to a department; no other role does
    CHECK ((role IN ('dept_manager', 'staff')) = (department_id IS NOT NULL)),
    -- only general managers and admins may span every store (store_id NULL)
    CHECK (store_id IS NOT NULL OR role IN ('gm', 'admin'))
);

CREATE TABLE sessions (
    tenant_id    bigint      NOT NULL REFERENCES tenants (id),
    token_hash   bytea       NOT NULL,
    user_id      bigint      NOT NULL,
    created_at   timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    client       text        NOT NULL DEFAULT '',
    PRIMARY KEY (tenant_id, token_hash),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX sessions_user ON sessions (tenant_id, user_id);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['stores', 'departments', 'users', 'memberships', 'sessions'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id())
                        WITH CHECK (tenant_id = current_tenant_id())', t);
    END LOOP;
END $$;
