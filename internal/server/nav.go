package server

import (
	"strings"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/web/views/layout"
)

// navFor lists the sections the user's roles reach, with the settings pages grouped under one
// Admin entry so that the menu stays on one line; the page being shown is marked. The
// notifications and the account are left to the bell and the name in the top bar.
func navFor(p *auth.Principal, path string) []layout.NavItem {
	items := []layout.NavItem{{Key: "nav.home", Href: "/"}}
	if mayWorkCalls.heldBy(p) {
		items = append(items, layout.NavItem{Key: "nav.worklist", Href: "/worklist"})
	}
	items = append(items, layout.NavItem{Key: "nav.customers", Href: "/customers"},
		layout.NavItem{Key: "nav.complaints", Href: "/complaints"})
	if mayImport.heldBy(p) {
		items = append(items, layout.NavItem{Key: "nav.imports", Href: "/imports"})
	}
	if mayReadScores.heldBy(p) {
		items = append(items, layout.NavItem{Key: "nav.scores", Href: "/scores"},
			layout.NavItem{Key: "nav.samples", Href: "/followups/samples"})
	}
	items = withGroup(items, layout.NavItem{Key: "nav.improvement", Items: improvementPages(p)})
	items = withGroup(items, layout.NavItem{Key: "nav.admin", Items: adminPages(p)})
	markActive(items, path)
	return items
}

// improvementPages are the improvement actions and, for those who read them, the manufacturer's
// benchmarks and the monthly incentive statements.
func improvementPages(p *auth.Principal) []layout.NavItem {
	var items []layout.NavItem
	if mayFollowActions.heldBy(p) {
		items = append(items, layout.NavItem{Key: "nav.actions", Href: "/actions"})
	}
	if mayReadBenchmarks.heldBy(p) {
		items = append(items, layout.NavItem{Key: "nav.benchmarks", Href: "/benchmarks"})
	}
	if mayReadIncentives.heldBy(p) {
		items = append(items, layout.NavItem{Key: "nav.incentives", Href: "/incentives"})
	}
	return items
}

// adminPages are the settings pages the user may open: questionnaires and rules, score tiers,
// stores and users, complaint deadlines, business calendars, and the DMS API keys.
func adminPages(p *auth.Principal) []layout.NavItem {
	var items []layout.NavItem
	if mayEditSurveys.heldBy(p) {
		items = append(items, layout.NavItem{Key: "nav.questionnaires", Href: "/questionnaires"},
			layout.NavItem{Key: "nav.rules", Href: "/rules"})
	}
	if maySetTiers.heldBy(p) {
		items = append(items, layout.NavItem{Key: "scores.tiers", Href: "/scores/tiers"})
	}
	if mayAdminister.heldBy(p) {
		items = append(items, layout.NavItem{Key: "nav.stores", Href: "/admin/stores"},
			layout.NavItem{Key: "nav.users", Href: "/admin/users"},
			layout.NavItem{Key: "nav.policy", Href: "/complaints/policy"},
			layout.NavItem{Key: "nav.calendars", Href: "/admin/calendars"})
	}
	if mayManageKeys.heldBy(p) {
		items = append(items, layout.NavItem{Key: "nav.api_keys", Href: "/admin/api-keys"})
	}
	return items
}

// withGroup adds a group to the menu: nothing when it is empty, its one page as itself.
func withGroup(items []layout.NavItem, g layout.NavItem) []layout.NavItem {
	switch len(g.Items) {
	case 0:
		return items
	case 1:
		return append(items, g.Items[0])
	}
	return append(items, g)
}

// markActive marks the entry of the page at path, and the group that holds it: the entry whose
// address is the longest start of the path, so that /scores/tiers is the tiers, not the scores.
func markActive(items []layout.NavItem, path string) {
	best := ""
	for _, it := range items {
		for _, page := range append([]layout.NavItem{it}, it.Items...) {
			if page.Href != "" && len(page.Href) > len(best) && under(path, page.Href) {
				best = page.Href
			}
		}
	}
	for i := range items {
		g := &items[i]
		for j := range g.Items {
			g.Items[j].Active = g.Items[j].Href == best
			g.Active = g.Active || g.Items[j].Active
		}
		g.Active = g.Active || g.Href != "" && g.Href == best
	}
}

// under reports whether path is the page at href or one of the pages below it.
func under(path, href string) bool {
	return path == href || href != "/" && strings.HasPrefix(path, href+"/")
}
