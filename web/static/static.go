// Package static embeds the stylesheet, script and icon the pages link to under /static/.
package static

import "embed"

// FS holds app.css, app.js and icon.svg at its root, so the binary needs no files beside it.
//
//go:embed app.css app.js icon.svg
var FS embed.FS
