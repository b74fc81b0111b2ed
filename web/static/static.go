// Package static embeds the stylesheet, script and icon the pages link to under /static/.
package static

import "embed"

// FS holds app.css, app.js, links.css (the customer's survey page) and icon.svg at its root,
// and the example import files under examples/, so the binary needs no files beside it.
//
//go:embed app.css app.js links.css icon.svg examples
var FS embed.FS
