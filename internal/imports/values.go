package imports

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/orders"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/tabular"
)

// Values maps, per coded field (orders.CodedFields), a code the store's DMS writes to the
// product's value it stands for: the work type "大修" to "repair".
type Values map[string]map[string]string

// Code is a code of a coded field that an import's file holds and the product does not read by
// itself, with the number of rows it is on.
type Code struct {
	Field string `json:"field"`
	Code  string `json:"code"`
	Rows  int    `json:"rows"`
}

// Choice maps a code of a coded field to one of the field's values; an empty Value leaves the
// code unmapped, so that its rows are rejected.
type Choice struct {
	Field string
	Code  string
	Value string
}

// maxCodes bounds the codes an import lists for mapping: a column with more unknown codes than
// this is more likely the wrong column than a DMS's vocabulary.
const maxCodes = 50

// maxCode is the longest code, in characters, a store may map.
const maxCode = 100

// ValueKey names the form field of the i-th choice, for its error.
func ValueKey(i int) string { return fmt.Sprintf("value-%d", i) }

// MapValues saves the store's choices of values for the codes its DMS writes, and marks its
// previewed import for a dry run with them, in one transaction. A choice of a value the field
// does not have is refused with the choice's field error (ValueKey); an import not previewed
// is busy.
func (s *Service) MapValues(ctx context.Context, tenantID, id int64, choices []Choice) error {
	im, err := s.Get(ctx, tenantID, id)
	if err != nil {
		return err
	}
	if im.Status != Previewed {
		return errBusy
	}
	if errs := checkChoices(im.Kind, choices); len(errs) > 0 {
		return apperr.Fields(errs)
	}
	return s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		if err := startPreview(ctx, tx, tenantID, id, `i.status = 'previewed'`, im.Mapping); err != nil {
			return err
		}
		return saveValues(ctx, tx, tenantID, im.StoreID, choices)
	})
}

// checkChoices returns a field error for each choice that is not of a coded field of kind k,
// names no code that can be kept, or names a value the field does not have.
func checkChoices(k orders.Kind, choices []Choice) map[string]string {
	errs := map[string]string{}
	for i, c := range choices {
		if key := c.check(k); key != "" {
			errs[ValueKey(i)] = key
		}
	}
	return errs
}

func (c Choice) check(k orders.Kind) string {
	i := slices.IndexFunc(orders.CodedFields(k), func(f orders.Coded) bool { return f.Field == c.Field })
	switch {
	case i < 0:
		return "validation.choice"
	case strings.TrimSpace(c.Code) == "":
		return "validation.required"
	case !tabular.ValidText(c.Code):
		return "validation.text_invalid"
	case utf8.RuneCountInString(c.Code) > maxCode:
		return "validation.too_long"
	case c.Value != "" && !slices.Contains(orders.CodedFields(k)[i].Values, c.Value):
		return "imports.value_choice"
	}
	return ""
}

// saveValues keeps a store's choices, and forgets the codes left unmapped; of two choices for
// one code the last counts.
func saveValues(ctx context.Context, tx pgx.Tx, tenantID, storeID int64, choices []Choice) error {
	var fields, codes, values []string
	seen := map[[2]string]int{}
	for _, c := range choices {
		key := [2]string{c.Field, strings.TrimSpace(c.Code)}
		if i, ok := seen[key]; ok {
			values[i] = c.Value
			continue
		}
		seen[key] = len(codes)
		fields, codes, values = append(fields, key[0]), append(codes, key[1]), append(values, c.Value)
	}
	_, err := tx.Exec(ctx, `
		WITH c (field, code, value) AS (SELECT * FROM unnest($3::text[], $4::text[], $5::text[])),
		gone AS (
			DELETE FROM import_values v USING c
			WHERE v.tenant_id = $1 AND v.store_id = $2 AND v.field = c.field AND v.code = c.code AND c.value = '')
		INSERT INTO import_values (tenant_id, store_id, field, code, value)
		SELECT $1, $2, field, code, value FROM c WHERE value <> ''
		ON CONFLICT (tenant_id, store_id, field, code) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at
		WHERE import_values.value <> EXCLUDED.value`,
		tenantID, storeID, fields, codes, values)
	return postgres.FieldErr("imports.MapValues", err, map[string][2]string{
		"import_values_tenant_id_store_id_fkey": {"store_id", "validation.choice"}})
}

// storeValues reads the values a store has chosen for its DMS's codes.
func storeValues(ctx context.Context, tx pgx.Tx, tenantID, storeID int64) (Values, error) {
	rows, _ := tx.Query(ctx, `
		SELECT field, code, value FROM import_values WHERE tenant_id = $1 AND store_id = $2`, tenantID, storeID)
	out := Values{}
	var field, code, value string
	_, err := pgx.ForEachRow(rows, []any{&field, &code, &value}, func() error {
		if out[field] == nil {
			out[field] = map[string]string{}
		}
		out[field][code] = value
		return nil
	})
	return out, postgres.Err("imports: values", err)
}

// codeCount gathers the codes of a file's coded fields that the product does not read by
// itself, in the order first met, up to maxCodes of them.
type codeCount struct {
	list []Code
	at   map[[2]string]int
}

// note counts the codes of a row's coded fields, cell giving a field's cell as the file has it.
func (c *codeCount) note(k orders.Kind, cell func(string) string) {
	for _, f := range orders.CodedFields(k) {
		code := strings.TrimSpace(cell(f.Field))
		if _, known := f.Parse(code); known || code == "" || !tabular.ValidText(code) || utf8.RuneCountInString(code) > maxCode {
			continue
		}
		key := [2]string{f.Field, code}
		if i, ok := c.at[key]; ok {
			c.list[i].Rows++
		} else if len(c.list) < maxCodes {
			c.at[key] = len(c.list)
			c.list = append(c.list, Code{Field: f.Field, Code: code, Rows: 1})
		}
	}
}
