// Package layout is the page frame every view renders inside: header, navigation by role,
// language switch, flash message.
package layout

// NavItem is one entry of the navigation.
type NavItem struct {
	// Key is the catalog key of the label.
	Key    string
	Href   string
	Active bool
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
}
