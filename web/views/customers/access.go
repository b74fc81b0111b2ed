// Package customers renders the customer pages: search, the customer at a glance, and the forms
// for customers, vehicles, deliveries and service orders.
package customers

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/a-h/templ"

	"github.com/csidesk/csidesk/internal/customers"
	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/internal/tenancy"
)

// Access says what the viewer may see and do on customer pages.
type Access struct {
	// Phones shows phone numbers in full; otherwise they are masked.
	Phones bool
	// Edit allows changing customers, vehicles and orders.
	Edit bool
	// Complain allows opening a complaint for the customer.
	Complain bool
}

// Phone shows a number in full or masked, as the viewer may see it.
func (a Access) Phone(p string) string {
	if a.Phones {
		return p
	}
	return customers.MaskPhone(p)
}

// Email shows an address in full, or, to a viewer who sees phones masked, its first letter and
// its domain.
func (a Access) Email(e string) string {
	at := strings.IndexByte(e, '@')
	if a.Phones || at < 1 {
		return e
	}
	return e[:1] + "***" + e[at:]
}

func date(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format("2006-01-02")
}

// localTime shows t in a store's time zone.
func localTime(t *time.Time, zone string) string {
	if t == nil {
		return ""
	}
	return t.In(tenancy.Location(zone)).Format("2006-01-02 15:04")
}

func yuan(fen int64) string { return fmt.Sprintf("¥%d.%02d", fen/100, fen%100) }

func intText(n *int) string {
	if n == nil {
		return ""
	}
	return fmt.Sprint(*n)
}

func customerHref(id int64) templ.SafeURL { return templ.SafeURL(fmt.Sprintf("/customers/%d", id)) }

// changeValue shows one side of a recorded contact change.
func changeValue(ctx context.Context, field, v string, acc Access) string {
	switch {
	case field == "phone" || field == "phone2":
		if v == "" {
			return "—"
		}
		return acc.Phone(v)
	case field == "contact_time":
		return i18n.T(ctx, "contact_time."+v)
	case field == "consent":
		return i18n.T(ctx, "customers.consent_"+v)
	case v == "":
		return i18n.T(ctx, "customers.contactable")
	}
	return i18n.T(ctx, "dnc."+v)
}

func dateOf(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

// inputTime fills a datetime-local input with t in a store's time zone.
func inputTime(t *time.Time, zone string) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return t.In(tenancy.Location(zone)).Format("2006-01-02T15:04")
}

func amountText(fen int64) string {
	if fen == 0 {
		return ""
	}
	return fmt.Sprintf("%d.%02d", fen/100, fen%100)
}
