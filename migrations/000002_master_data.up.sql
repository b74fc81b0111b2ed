-- Master data: customers, vehicles, sales deliveries and service orders, the imports that bring
-- them from the dealer's DMS, and the per-store API keys of its push interface.
--
-- Tables whose foreign keys already include tenant_id (and so reach tenants through their
-- parent) do not reference tenants again: the extra check per row would slow bulk loads.
--
-- Searched columns use the "C" collation and are searched by ranges (name >= 'ab' AND name <
-- 'ab' || U+10FFFF) rather than LIKE: under row-level security only leakproof operators may use an
-- index, and LIKE is not one. Stored reversed copies serve suffix searches ("last four digits").

CREATE TABLE customers (
    tenant_id      bigint      NOT NULL REFERENCES tenants (id),
    id             bigint      GENERATED ALWAYS AS IDENTITY,
    name           text        COLLATE "C" NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    -- the given name, after a one-character surname, for searches by given name
    name_rest      text        COLLATE "C" NOT NULL GENERATED ALWAYS AS (substr(name, 2)) STORED,
    phone          text        COLLATE "C" NOT NULL CHECK (phone ~ '^[0-9]{7,15}$'),
    phone_rev      text        COLLATE "C" NOT NULL GENERATED ALWAYS AS (reverse(phone)) STORED,
    phone2         text        COLLATE "C" NOT NULL DEFAULT '' CHECK (phone2 ~ '^([0-9]{7,15})?$'),
    gender         text        NOT NULL DEFAULT 'unknown' CHECK (gender IN ('unknown', 'male', 'female')),
    birth_date     date,
    region         text        NOT NULL DEFAULT '' CHECK (length(region) <= 50),
    city           text        NOT NULL DEFAULT '' CHECK (length(city) <= 50),
    contact_time   text        NOT NULL DEFAULT 'any'
                               CHECK (contact_time IN ('any', 'morning', 'afternoon', 'evening', 'weekend')),
    consent        boolean     NOT NULL DEFAULT true,
    do_not_contact boolean     NOT NULL DEFAULT false,
    dnc_reason     text        NOT NULL DEFAULT ''
                               CHECK (dnc_reason IN ('', 'sold_car', 'serviced_elsewhere', 'requested', 'moved', 'other')),
    notes          text        NOT NULL DEFAULT '' CHECK (length(notes) <= 2000),
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    -- imports and the API match customers by their main phone
    CONSTRAINT customers_phone_key UNIQUE (tenant_id, phone),
    CHECK (do_not_contact = (dnc_reason <> ''))
);
CREATE INDEX customers_phone_rev ON customers (tenant_id, phone_rev);
CREATE INDEX customers_phone2 ON customers (tenant_id, phone2) WHERE phone2 <> '';
CREATE INDEX customers_name ON customers (tenant_id, name);
CREATE INDEX customers_name_rest ON customers (tenant_id, name_rest);

-- Every change to a customer's contact data, append-only: a wrong number is how an unhappy
-- customer is kept from being surveyed, so each change names who made it and where from.
CREATE TABLE customer_contact_changes (
    tenant_id   bigint      NOT NULL,
    id          bigint      GENERATED ALWAYS AS IDENTITY,
    customer_id bigint      NOT NULL,
    user_id     bigint,
    source      text        NOT NULL CHECK (source IN ('user', 'import', 'api')),
    field       text        NOT NULL,
    before      text        NOT NULL,
    after       text        NOT NULL,
    changed_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id)
);
CREATE INDEX customer_contact_changes_customer ON customer_contact_changes (tenant_id, customer_id, changed_at DESC);
REVOKE UPDATE, DELETE ON customer_contact_changes FROM csidesk_app;

CREATE TABLE vehicles (
    tenant_id     bigint      NOT NULL,
    id            bigint      GENERATED ALWAYS AS IDENTITY,
    customer_id   bigint      NOT NULL,
    vin           text        COLLATE "C" NOT NULL CHECK (vin ~ '^[A-HJ-NPR-Z0-9]{17}$'),
    vin_rev       text        COLLATE "C" NOT NULL GENERATED ALWAYS AS (reverse(vin)) STORED,
    plate         text        COLLATE "C" NOT NULL DEFAULT '' CHECK (length(plate) <= 16),
    plate_rev     text        COLLATE "C" NOT NULL GENERATED ALWAYS AS (reverse(plate)) STORED,
    brand         text        NOT NULL DEFAULT '' CHECK (length(brand) <= 50),
    model         text        NOT NULL DEFAULT '' CHECK (length(model) <= 100),
    trim_level    text        NOT NULL DEFAULT '' CHECK (length(trim_level) <= 100),
    purchase_date date,
    mileage       integer     CHECK (mileage BETWEEN 0 AND 3000000),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT vehicles_vin_key UNIQUE (tenant_id, vin),
    FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id)
);
CREATE INDEX vehicles_customer ON vehicles (tenant_id, customer_id);
CREATE INDEX vehicles_vin_rev ON vehicles (tenant_id, vin_rev);
CREATE INDEX vehicles_plate ON vehicles (tenant_id, plate) WHERE plate <> '';
CREATE INDEX vehicles_plate_rev ON vehicles (tenant_id, plate_rev) WHERE plate <> '';

-- A vehicle handed over to its buyer: what SSI follow-ups start from.
CREATE TABLE deliveries (
    tenant_id        bigint      NOT NULL,
    id               bigint      GENERATED ALWAYS AS IDENTITY,
    store_id         bigint      NOT NULL,
    order_no         text        COLLATE "C" NOT NULL CHECK (length(order_no) BETWEEN 1 AND 64),
    customer_id      bigint      NOT NULL,
    vehicle_id       bigint      NOT NULL,
    delivered_on     date        NOT NULL,
    sales_consultant text        NOT NULL DEFAULT '' CHECK (length(sales_consultant) <= 50),
    source           text        NOT NULL DEFAULT 'user' CHECK (source IN ('user', 'import', 'api')),
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT deliveries_order_key UNIQUE (tenant_id, store_id, order_no),
    FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id),
    FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id),
    FOREIGN KEY (tenant_id, vehicle_id) REFERENCES vehicles (tenant_id, id)
);
CREATE INDEX deliveries_customer ON deliveries (tenant_id, customer_id);
CREATE INDEX deliveries_store_date ON deliveries (tenant_id, store_id, delivered_on);

-- A repair or maintenance order from the workshop: what CSI follow-ups start from.
CREATE TABLE service_orders (
    tenant_id      bigint        NOT NULL,
    id             bigint        GENERATED ALWAYS AS IDENTITY,
    store_id       bigint        NOT NULL,
    order_no       text          COLLATE "C" NOT NULL CHECK (length(order_no) BETWEEN 1 AND 64),
    customer_id    bigint        NOT NULL,
    vehicle_id     bigint        NOT NULL,
    advisor        text          NOT NULL DEFAULT '' CHECK (length(advisor) <= 50),
    work_type      text          NOT NULL
                                 CHECK (work_type IN ('maintenance', 'repair', 'body_paint', 'warranty', 'accessory')),
    workshop_group text          NOT NULL DEFAULT '' CHECK (length(workshop_group) <= 50),
    opened_at      timestamptz   NOT NULL,
    closed_at      timestamptz   CHECK (closed_at >= opened_at),
    mileage        integer       CHECK (mileage BETWEEN 0 AND 3000000),
    amount         numeric(12,2) NOT NULL DEFAULT 0 CHECK (amount >= 0),
    source         text          NOT NULL DEFAULT 'user' CHECK (source IN ('user', 'import', 'api')),
    created_at     timestamptz   NOT NULL DEFAULT now(),
    updated_at     timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT service_orders_order_key UNIQUE (tenant_id, store_id, order_no),
    FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id),
    FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id),
    FOREIGN KEY (tenant_id, vehicle_id) REFERENCES vehicles (tenant_id, id)
);
CREATE INDEX service_orders_customer ON service_orders (tenant_id, customer_id);
CREATE INDEX service_orders_store_closed ON service_orders (tenant_id, store_id, closed_at);

-- The column mapping last used for a store's imports of one kind, offered again next time.
CREATE TABLE import_mappings (
    tenant_id  bigint      NOT NULL,
    store_id   bigint      NOT NULL,
    kind       text        NOT NULL CHECK (kind IN ('deliveries', 'service_orders')),
    mapping    jsonb       NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, store_id, kind),
    FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id) ON DELETE CASCADE
);

-- One uploaded file and what became of it.
CREATE TABLE imports (
    tenant_id      bigint      NOT NULL,
    id             bigint      GENERATED ALWAYS AS IDENTITY,
    store_id       bigint      NOT NULL,
    kind           text        NOT NULL CHECK (kind IN ('deliveries', 'service_orders')),
    user_id        bigint      NOT NULL,
    file_name      text        NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
    file_size      bigint      NOT NULL,
    encoding       text        NOT NULL DEFAULT 'auto',
    header         text[]      NOT NULL DEFAULT '{}',
    mapping        jsonb       NOT NULL DEFAULT '{}',
    status         text        NOT NULL DEFAULT 'uploaded'
                               CHECK (status IN ('uploaded', 'previewing', 'previewed', 'committing', 'done', 'failed')),
    -- progress of a running preview or commit, kept by a heartbeat outside its transaction
    read_bytes     bigint      NOT NULL DEFAULT 0,
    heartbeat_at   timestamptz,
    total_rows     bigint      NOT NULL DEFAULT 0,
    created_rows   bigint      NOT NULL DEFAULT 0,
    updated_rows   bigint      NOT NULL DEFAULT 0,
    unchanged_rows bigint      NOT NULL DEFAULT 0,
    rejected_rows  bigint      NOT NULL DEFAULT 0,
    new_customers  bigint      NOT NULL DEFAULT 0,
    new_vehicles   bigint      NOT NULL DEFAULT 0,
    -- the first rejected rows, for the preview; the full list is rebuilt from the file on download
    sample_rejects jsonb       NOT NULL DEFAULT '[]',
    error_key      text        NOT NULL DEFAULT '',
    error_args     jsonb       NOT NULL DEFAULT '{}',
    created_at     timestamptz NOT NULL DEFAULT now(),
    finished_at    timestamptz,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id)
);
CREATE INDEX imports_recent ON imports (tenant_id, created_at DESC);

CREATE TABLE import_files (
    tenant_id bigint NOT NULL,
    import_id bigint NOT NULL,
    content   bytea  NOT NULL,
    PRIMARY KEY (tenant_id, import_id),
    FOREIGN KEY (tenant_id, import_id) REFERENCES imports (tenant_id, id) ON DELETE CASCADE
);

-- Keys the dealer's DMS pushes with; only a hash of the secret is kept.
CREATE TABLE api_keys (
    tenant_id    bigint      NOT NULL,
    id           bigint      GENERATED ALWAYS AS IDENTITY,
    store_id     bigint      NOT NULL,
    name         text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    token_hash   bytea       NOT NULL,
    hint         text        NOT NULL,
    created_by   bigint      NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at   timestamptz,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT api_keys_hash_key UNIQUE (tenant_id, token_hash),
    FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id),
    FOREIGN KEY (tenant_id, created_by) REFERENCES users (tenant_id, id)
);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['customers', 'customer_contact_changes', 'vehicles', 'deliveries',
                             'service_orders', 'import_mappings', 'imports', 'import_files', 'api_keys'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id())
                        WITH CHECK (tenant_id = current_tenant_id())', t);
    END LOOP;
END $$;
