// Package layout is the page frame every view renders inside: header, navigation by role,
// language switch, flash message.
package layout

import "strconv"

// NavItem is one entry of the navigation: a page, or a group of pages (such as the admin pages)
// that opens as a list under its label.
type NavItem struct {
	// Key is the catalog key of the label.
	Key  string
	Href string
	// Active marks the page being shown, or the group that holds it.
	Active bool
	// Items are a group's pages; a group has no Href of its own.
	Items []NavItem
}

// Shell is what the frame needs from the request.
type Shell struct {
	// Title is the page title, already translated.
	Title string
	// Lang is the page language, "zh-CN" or "en".
	Lang string
	// UserName is empty when nobody is logged in.
	UserName string
	Nav      []NavItem
	// Flash is a translated one-time message; FlashKind is "ok" or "error".
	Flash     string
	FlashKind string
	// Path is the current path, where the language switch returns to.
	Path string
	// Unread counts the user's unread notifications for the header, up to notify.UnreadCap + 1.
	Unread int
}

// CountText writes a count that stops at limit, as the lists count: n itself below the limit,
// "99+" (the limit less one, and more) at it.
func CountText(n, limit int) string {
	if n >= limit {
		return strconv.Itoa(limit-1) + "+"
	}
	return strconv.Itoa(n)
}
