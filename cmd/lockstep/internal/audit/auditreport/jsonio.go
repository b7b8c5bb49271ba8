package auditreport

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// WriteJSON writes the report as indented JSON.
func WriteJSON(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// ReadJSON reads a report WriteJSON wrote, for --compare. It refuses other
// JSON documents and reports of a schema version it does not know, rather
// than comparing with nothing and calling every finding new.
func ReadJSON(r io.Reader) (*Report, error) {
	var head struct {
		Kind    string `json:"kind"`
		Version int    `json:"version"`
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(data, &head); err != nil {
		var syntax *json.SyntaxError
		if errors.As(err, &syntax) {
			// Offset counts the bytes read, the offending one included.
			line, col := lineCol(data, syntax.Offset-1)
			return nil, fmt.Errorf("not an audit report: %d:%d: invalid JSON: %w", line, col, err)
		}
		return nil, fmt.Errorf("not an audit report: %w", err)
	}
	switch {
	case head.Kind != Kind:
		return nil, fmt.Errorf("not an audit report: it has no \"kind\": %q (lockstep audit writes one as report.json)", Kind)
	case head.Version != Version:
		return nil, fmt.Errorf("audit report version %d: this lockstep reads version %d", head.Version, Version)
	}
	var rep Report
	if err := json.Unmarshal(data, &rep); err != nil {
		return nil, fmt.Errorf("audit report: %w", err)
	}
	return &rep, nil
}

// lineCol is the 1-based line and column of the byte at offset.
func lineCol(data []byte, offset int64) (line, col int) {
	offset = min(max(offset, 0), int64(len(data)))
	before := data[:offset]
	line = 1 + bytes.Count(before, []byte("\n"))
	return line, int(offset) - bytes.LastIndexByte(before, '\n')
}
