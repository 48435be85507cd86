// Package manual is the Chinese user manual — one page per role, with the
// screenshots the browser tests take (TestBrowserManualShots) — embedded
// so that the console's 帮助 shows it.
package manual

import "embed"

// FS holds the pages (NAME.md) and their pictures (img/).
//
//go:embed *.md img
var FS embed.FS
