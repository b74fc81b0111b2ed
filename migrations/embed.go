// Package migrations embeds the schema migrations, applied in order by golang-migrate.
package migrations

import "embed"

// FS holds the NNNNNN_name.up.sql and .down.sql files.
//
//go:embed *.sql
var FS embed.FS
