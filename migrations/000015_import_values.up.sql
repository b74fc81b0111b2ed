-- What a store's DMS writes for a coded field (a work type of 大修, a gender of 1) and the
-- product's value it stands for, chosen once in an import and applied to the store's later files.
CREATE TABLE import_values (
    tenant_id  bigint      NOT NULL,
    id         bigint      GENERATED ALWAYS AS IDENTITY,
    store_id   bigint      NOT NULL,
    field      text        NOT NULL CHECK (length(field) BETWEEN 1 AND 50),
    code       text        NOT NULL CHECK (length(code) BETWEEN 1 AND 100),
    value      text        NOT NULL CHECK (length(value) BETWEEN 1 AND 50),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, store_id, field, code),
    FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id) ON DELETE CASCADE
);

ALTER TABLE import_values ENABLE ROW LEVEL SECURITY;
ALTER TABLE import_values FORCE ROW LEVEL SECURITY;
CREATE POLICY store_scope ON import_values
    USING (tenant_id = current_tenant_id()
           AND ((SELECT scope_ids('app.stores')) IS NULL OR store_id = ANY ((SELECT scope_ids('app.stores'))::bigint[])))
    WITH CHECK (tenant_id = current_tenant_id()
           AND ((SELECT scope_ids('app.stores')) IS NULL OR store_id = ANY ((SELECT scope_ids('app.stores'))::bigint[])));

-- An import keeps the first rows of its file for the column-mapping page, the codes of its coded
-- fields that the product does not read by itself (for the value-mapping step), and how many
-- follow-up tasks of each reason its orders called for.
ALTER TABLE imports
    ADD COLUMN sample_rows jsonb NOT NULL DEFAULT '[]',
    ADD COLUMN codes       jsonb NOT NULL DEFAULT '[]',
    ADD COLUMN tasks       jsonb NOT NULL DEFAULT '{}';
