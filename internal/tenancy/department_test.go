package tenancy

import (
	"github.com/csidesk/csidesk/internal/testkit"
	"maps"
	"slices"
	"strings"
	"testing"
)

func TestDepartment_Validate(t *testing.T) {
	tests := []struct {
		name string
		dep  Department
		want map[string]string
	}{
		{"sales without name", Department{Kind: Sales}, nil},
		{"sales with name", Department{Kind: Sales, Name: "二手车销售"}, nil},
		{"other with name", Department{Kind: Other, Name: "保险"}, nil},
		{"other without name", Department{Kind: Other}, map[string]string{"name": "validation.required"}},
		{"name 100 Chinese runes", Department{Kind: Parts, Name: strings.Repeat("部", 100)}, nil},
		{"name 101 Chinese runes", Department{Kind: Parts, Name: strings.Repeat("部", 101)},
			map[string]string{"name": "validation.too_long"}},
		{"other name 101 Chinese runes", Department{Kind: Other, Name: strings.Repeat("部", 101)},
			map[string]string{"name": "validation.too_long"}},
		{"unknown kind", Department{Kind: "finance"}, map[string]string{"kind": "validation.choice"}},
		{"empty kind", Department{Kind: ""}, map[string]string{"kind": "validation.choice"}},
		{"kind in upper case", Department{Kind: "SALES"}, map[string]string{"kind": "validation.choice"}},
		{"unknown kind and long name", Department{Kind: "finance", Name: strings.Repeat("部", 101)},
			map[string]string{"kind": "validation.choice", "name": "validation.too_long"}},
	}
	for _, k := range DepartmentKinds {
		if k != Other {
			tests = append(tests, struct {
				name string
				dep  Department
				want map[string]string
			}{"kind " + string(k), Department{Kind: k}, nil})
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := tt.dep
			got := testkit.Fields(t, d.Validate())
			if !maps.Equal(got, tt.want) {
				t.Errorf("Fields=%v, want %v", got, tt.want)
			}
		})
	}
}

func TestDepartment_Normalize(t *testing.T) {
	tests := []struct {
		name string
		in   Department
		want Department
	}{
		{"trims name", Department{ID: 3, StoreID: 2, Kind: Other, Name: "  保险 \n"}, Department{ID: 3, StoreID: 2, Kind: Other, Name: "保险"}},
		{"blank name becomes empty", Department{Kind: Sales, Name: " \t "}, Department{Kind: Sales}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := tt.in
			d.Normalize()
			if d != tt.want {
				t.Errorf("Department=%+v, want %+v", d, tt.want)
			}
		})
	}
}

func TestDepartmentKinds(t *testing.T) {
	if got := len(DepartmentKinds); got != 8 {
		t.Errorf("len(DepartmentKinds)=%v, want %v", got, 8)
	}
	if slices.Contains(StandardKinds, Other) {
		t.Errorf("StandardKinds=%v, want no %v", StandardKinds, Other)
	}
	if got, want := len(StandardKinds), len(DepartmentKinds)-1; got != want {
		t.Errorf("len(StandardKinds)=%v, want %v", got, want)
	}
	for _, k := range StandardKinds {
		d := Department{Kind: k}
		if err := d.Validate(); err != nil {
			t.Errorf("Validate(%v)=%v, want nil", k, err)
		}
	}
}
