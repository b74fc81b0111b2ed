package postgres

import (
	"context"
	"fmt"
	"io"
	"regexp"

	"github.com/jackc/pgx/v5"
)

// The distribution of the schema over a Citus cluster, by dealer group: every group's rows of
// every table sit in one shard group on one worker, so that a group's statements are routed to
// that worker whole, and foreign keys and unique keys (all of which hold tenant_id) are checked
// there.
var (
	// ReferenceTables are copied whole to every node: the groups themselves, which every
	// group's table refers to, and the directories read before a group is known.
	ReferenceTables = []string{"tenants", "login_emails", "survey_link_tokens"}
	// LocalTables stay on the coordinator alone: the sign-in throttle, the migrations'
	// bookkeeping and the job queue, whose jobs carry their group in their arguments.
	LocalTables = []string{"login_failures", "schema_migrations",
		"river_job", "river_leader", "river_migration", "river_notification", "river_queue", "river_client", "river_client_queue"}
)

// Anchor is the distributed table the others are co-located with.
const Anchor = "stores"

// Distribute spreads the schema over the Citus cluster the owner's connection db reaches:
// ReferenceTables become reference tables, every other table with a tenant_id is distributed
// by it, co-located with Anchor, and LocalTables stay where they are. Where the citus extension
// is not installed it does nothing and reports false. It runs in one transaction, and is
// idempotent: what is distributed already is left as it is, so it runs after every migration
// (Migrator.Up).
//
// A table that refers to a reference table is turned by Citus into a table of the coordinator,
// which then cannot be distributed (its identity column); so the foreign keys to the reference
// tables are lifted while the tables are distributed and laid again after, in the same
// transaction.
func Distribute(ctx context.Context, db *DB, log io.Writer) (bool, error) {
	var citus bool
	err := db.Pool.QueryRow(ctx, `SELECT EXISTS (SELECT FROM pg_extension WHERE extname = 'citus')`).Scan(&citus)
	if err != nil || !citus {
		return false, Err("postgres.Distribute", err)
	}
	return true, pgx.BeginFunc(ctx, db.Pool, func(tx pgx.Tx) error {
		// Citus creates shards over several connections unless told to keep to the
		// transaction's own, which the DDL before it needs.
		if _, err := tx.Exec(ctx, `SET LOCAL citus.multi_shard_modify_mode TO 'sequential'`); err != nil {
			return Err("postgres.Distribute", err)
		}
		if err := flattenPolicies(ctx, tx, log); err != nil {
			return err
		}
		tables, err := tenantTables(ctx, tx)
		if err != nil {
			return err
		}
		keys, err := liftKeys(ctx, tx, append(append([]string{}, ReferenceTables...), tables...))
		if err != nil {
			return err
		}
		for _, t := range ReferenceTables {
			if err := distribute(ctx, tx, log, t, `SELECT create_reference_table($1)`); err != nil {
				return err
			}
		}
		if err := distributeFunctions(ctx, tx, log); err != nil { // some read the reference tables
			return err
		}
		for _, t := range tables {
			q := `SELECT create_distributed_table($1, 'tenant_id', colocate_with => '` + Anchor + `')`
			if t == Anchor {
				q = `SELECT create_distributed_table($1, 'tenant_id')`
			}
			if err := distribute(ctx, tx, log, t, q); err != nil {
				return err
			}
		}
		for _, k := range keys {
			if _, err := tx.Exec(ctx, k); err != nil {
				return fmt.Errorf("postgres.Distribute: %s: %w", k, err)
			}
		}
		// A write to a reference table locks the reference tables it refers to, which Citus
		// lets only a role do that may change them; the groups' own policy still holds the
		// application to its group's row.
		_, err = tx.Exec(ctx, `GRANT UPDATE ON tenants TO csidesk_app`)
		return Err("postgres.Distribute: grant", err)
	})
}

// distributeFunctions has Citus create the schema's functions, which the policies call, on every
// worker: those made after the citus extension it creates there itself, but a database that
// moves onto Citus made them before. River's own stay on the coordinator, with its tables. It
// runs once the reference tables are there, which the functions may read.
func distributeFunctions(ctx context.Context, tx pgx.Tx, log io.Writer) error {
	rows, _ := tx.Query(ctx, `
		SELECT p.oid::regprocedure::text FROM pg_proc p
		WHERE p.pronamespace = 'public'::regnamespace AND p.proname NOT LIKE 'river\_%'
		  AND NOT EXISTS (SELECT FROM pg_dist_object o WHERE o.classid = 'pg_proc'::regclass AND o.objid = p.oid)`)
	fns, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err == nil && len(fns) > 0 {
		// in any order: a function may call another not yet there
		_, err = tx.Exec(ctx, `SET LOCAL check_function_bodies TO off`)
	}
	for _, fn := range fns {
		if err != nil {
			break
		}
		fmt.Fprintf(log, "distribute: %s\n", fn)
		_, err = tx.Exec(ctx, `SELECT create_distributed_function($1)`, fn)
	}
	return Err("postgres.Distribute: functions", err)
}

// distribute runs q for table unless Citus knows it already.
func distribute(ctx context.Context, tx pgx.Tx, log io.Writer, table, q string) error {
	var known bool
	err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT FROM pg_dist_partition WHERE logicalrelid = $1::regclass)`, table).Scan(&known)
	if err == nil && !known {
		fmt.Fprintf(log, "distribute: %s\n", table)
		_, err = tx.Exec(ctx, q, table)
	}
	if err != nil {
		return fmt.Errorf("postgres.Distribute %s: %w", table, err)
	}
	return nil
}

// liftKeys drops the foreign keys from the tables not yet known to Citus to the reference
// tables, and returns the statements that lay them again.
func liftKeys(ctx context.Context, tx pgx.Tx, tables []string) ([]string, error) {
	rows, _ := tx.Query(ctx, `
		SELECT format('%s', k.conrelid::regclass), format('%I', k.conname), pg_get_constraintdef(k.oid)
		FROM pg_constraint k
		WHERE k.contype = 'f' AND k.confrelid::regclass::text = ANY ($1) AND k.conrelid::regclass::text = ANY ($2)
		  AND NOT EXISTS (SELECT FROM pg_dist_partition d WHERE d.logicalrelid = k.conrelid)
		ORDER BY 1, 2`, ReferenceTables, tables)
	type key struct{ Table, Name, Def string }
	keys, err := pgx.CollectRows(rows, pgx.RowToStructByPos[key])
	if err != nil {
		return nil, Err("postgres.Distribute: foreign keys", err)
	}
	var lay []string
	for _, k := range keys {
		if _, err := tx.Exec(ctx, "ALTER TABLE "+k.Table+" DROP CONSTRAINT "+k.Name); err != nil {
			return nil, Err("postgres.Distribute: lift "+k.Name, err)
		}
		lay = append(lay, "ALTER TABLE "+k.Table+" ADD CONSTRAINT "+k.Name+" "+k.Def)
	}
	return lay, nil
}

// tenantTables lists the tables to distribute, each after the tables it refers to, Anchor first.
func tenantTables(ctx context.Context, tx pgx.Tx) ([]string, error) {
	rows, _ := tx.Query(ctx, `
		WITH RECURSIVE t AS (
			SELECT c.oid, c.relname FROM pg_class c
			WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
			  AND EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id')
			  AND c.relname <> ALL ($1)),
		depth (oid, n) AS (
			SELECT oid, 0 FROM t
			UNION ALL
			SELECT k.conrelid, d.n + 1 FROM depth d
			JOIN pg_constraint k ON k.confrelid = d.oid AND k.contype = 'f' AND k.conrelid <> k.confrelid
			JOIN t ON t.oid = k.conrelid)
		SELECT t.relname FROM (SELECT oid, max(n) AS n FROM depth GROUP BY oid) d JOIN t USING (oid)
		ORDER BY t.relname <> $2, d.n, t.relname`, append(append([]string{}, ReferenceTables...), LocalTables...), Anchor)
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	return tables, Err("postgres.Distribute: tables", err)
}

// scopeSelect is how the policies read a scope setting once per statement, through a sub-select
// (migration 000010); a distributed table's policy may hold no sub-query.
var scopeSelect = regexp.MustCompile(`\( SELECT (scope_ids\('[a-z_.]+'::text\)) AS scope_ids\)`)

// flattenPolicies rewrites the policies of the tables to distribute to call scope_ids directly,
// with the same meaning: on a single node the sub-select spares a call per row, across nodes
// each worker's shard evaluates the call itself.
func flattenPolicies(ctx context.Context, tx pgx.Tx, log io.Writer) error {
	rows, _ := tx.Query(ctx, `
		SELECT format('%I', c.relname), format('%I', p.polname),
		       coalesce(pg_get_expr(p.polqual, p.polrelid), ''), coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '')
		FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
		WHERE c.relnamespace = 'public'::regnamespace
		  AND NOT EXISTS (SELECT FROM pg_dist_partition d WHERE d.logicalrelid = c.oid)
		ORDER BY 1, 2`)
	type policy struct{ Table, Name, Using, Check string }
	policies, err := pgx.CollectRows(rows, pgx.RowToStructByPos[policy])
	if err != nil {
		return Err("postgres.Distribute: policies", err)
	}
	for _, p := range policies {
		using, check := scopeSelect.ReplaceAllString(p.Using, "$1"), scopeSelect.ReplaceAllString(p.Check, "$1")
		if using == p.Using && check == p.Check {
			continue
		}
		q := "ALTER POLICY " + p.Name + " ON " + p.Table
		if using != "" {
			q += " USING (" + using + ")"
		}
		if check != "" {
			q += " WITH CHECK (" + check + ")"
		}
		fmt.Fprintf(log, "distribute: policy %s on %s without sub-selects\n", p.Name, p.Table)
		if _, err := tx.Exec(ctx, q); err != nil {
			return fmt.Errorf("postgres.Distribute: policy %s on %s: %w", p.Name, p.Table, err)
		}
	}
	return nil
}
