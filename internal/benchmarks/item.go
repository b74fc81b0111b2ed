package benchmarks

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/tenancy"
)

// Item is an item of the group's catalogue: what a programme scores, such as "服务顾问主动问候"
// in CSI. ItemShort links it to the questionnaire items of that short name (in either
// language), whose quarterly figure then stands beside the manufacturer's; DepartmentKind gives
// its actions a home in each store (empty: none).
type Item struct {
	ID             int64
	Programme      Programme
	Name           string
	ItemShort      string
	DepartmentKind tenancy.DepartmentKind
}

// The longest name and short name an item may have.
const (
	maxItemName  = 200
	maxItemShort = 100
)

// Normalize trims the text fields.
func (it *Item) Normalize() {
	it.Name = strings.TrimSpace(it.Name)
	it.ItemShort = strings.TrimSpace(it.ItemShort)
}

// Validate reports every invalid field with a message key.
func (it *Item) Validate() error {
	f := map[string]string{}
	if !it.Programme.Valid() {
		f["programme"] = "validation.choice"
	}
	switch {
	case it.Name == "":
		f["name"] = "validation.required"
	case utf8.RuneCountInString(it.Name) > maxItemName:
		f["name"] = "validation.too_long"
	}
	if utf8.RuneCountInString(it.ItemShort) > maxItemShort {
		f["item_short"] = "validation.too_long"
	}
	if it.DepartmentKind != "" && !slices.Contains(tenancy.DepartmentKinds, it.DepartmentKind) {
		f["department_kind"] = "validation.choice"
	}
	if len(f) > 0 {
		return apperr.Fields(f)
	}
	return nil
}

// itemTaken turns a second item of the same name in a programme into an error at the name.
var itemTaken = map[string][2]string{"benchmark_items_name_key": {"name", "benchmarks.error.item_taken"}}

const itemColumns = `id, programme, name, item_short, coalesce(department_kind, '')`

// Items lists the group's catalogue by programme, then name.
func (s *Service) Items(ctx context.Context, tenantID int64) ([]Item, error) {
	return postgres.List[Item](ctx, s.DB, tenantID, "benchmarks.Items", `
		SELECT `+itemColumns+` FROM benchmark_items WHERE tenant_id = $1
		ORDER BY array_position($2::text[], programme), name`, Programmes)
}

// Item returns one item of the catalogue, or a NotFound error.
func (s *Service) Item(ctx context.Context, tenantID, id int64) (Item, error) {
	return postgres.One[Item](ctx, s.DB, tenantID, "benchmarks.Item", `
		SELECT `+itemColumns+` FROM benchmark_items WHERE tenant_id = $1 AND id = $2`, id)
}

// SaveItem adds the item to the catalogue (ID 0) or changes it, and sets its ID. A name already
// in the programme is an error at the name.
func (s *Service) SaveItem(ctx context.Context, tenantID int64, it *Item) error {
	it.Normalize()
	if err := it.Validate(); err != nil {
		return err
	}
	return s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		if it.ID == 0 {
			err := tx.QueryRow(ctx, `
				INSERT INTO benchmark_items (tenant_id, programme, name, item_short, department_kind)
				VALUES ($1, $2, $3, $4, NULLIF($5, '')) RETURNING id`,
				tenantID, it.Programme, it.Name, it.ItemShort, it.DepartmentKind).Scan(&it.ID)
			return postgres.FieldErr("benchmarks.SaveItem", err, itemTaken)
		}
		tag, err := tx.Exec(ctx, `
			UPDATE benchmark_items SET programme = $3, name = $4, item_short = $5, department_kind = NULLIF($6, '')
			WHERE tenant_id = $1 AND id = $2`,
			tenantID, it.ID, it.Programme, it.Name, it.ItemShort, it.DepartmentKind)
		if err != nil {
			return postgres.FieldErr("benchmarks.SaveItem", err, itemTaken)
		}
		return postgres.Affected(tag)
	})
}

// ItemShorts lists the short names of the group's questionnaire items in both languages, for
// linking catalogue items to them.
func (s *Service) ItemShorts(ctx context.Context, tenantID int64) ([]string, error) {
	var names []string
	err := s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `
			SELECT DISTINCT name FROM questionnaire_items i, unnest(ARRAY[i.name_zh, i.name_en]) name
			WHERE i.tenant_id = $1 AND i.scale <> 'text' AND coalesce(name, '') <> ''
			ORDER BY name`, tenantID)
		var err error
		names, err = pgx.CollectRows(rows, pgx.RowTo[string])
		return postgres.Err("benchmarks.ItemShorts", err)
	})
	return names, err
}
