package gongkai

import (
	"runtime/debug"
	"sync"
)

// Version is the program's version as the build recorded it: the module
// version when built from a tagged module, otherwise the VCS revision (with
// "+dirty" for uncommitted changes), or "dev". Backups record it, and
// /metrics exports it.
var Version = sync.OnceValue(func() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "dev"
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev, dirty string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "+dirty"
			}
		}
	}
	if rev == "" {
		return "dev"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	return rev + dirty
})
