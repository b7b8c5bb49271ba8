package cli

import (
	"io"
	"os"
	"time"

	"github.com/rs/zerolog"
	"golang.org/x/term"
)

// newLogger writes to w as a human console on a terminal and JSON
// otherwise, or as --log-format says.
func newLogger(w io.Writer, level, format string) (zerolog.Logger, error) {
	lvl, err := zerolog.ParseLevel(level)
	if err != nil || level == "" {
		return zerolog.Nop(), usagef("--log-level: unknown level %q (want trace, debug, info, warn, error or disabled)", level)
	}
	var out io.Writer
	switch format {
	case "console":
		out = zerolog.ConsoleWriter{Out: w, TimeFormat: time.TimeOnly, NoColor: !isTerminal(w)}
	case "json":
		out = w
	case "auto", "":
		if isTerminal(w) {
			out = zerolog.ConsoleWriter{Out: w, TimeFormat: time.TimeOnly}
		} else {
			out = w
		}
	default:
		return zerolog.Nop(), usagef("--log-format: unknown format %q (want auto, console or json)", format)
	}
	// The audit's workers log at once; one event must stay one line.
	return zerolog.New(zerolog.SyncWriter(out)).Level(lvl).With().Timestamp().Logger(), nil
}

// isTerminal reports whether w is a terminal; NO_COLOR and TERM=dumb count
// as "not a terminal" for colour purposes.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	return term.IsTerminal(int(f.Fd()))
}
