package audit

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"sync"

	"github.com/lockstep-lint/lockstep/cmd/lockstep/internal/audit/record"
)

// Files of an output directory.
const (
	RunFile     = "run.json"
	ResultsFile = "results.jsonl"
)

// Store is an output directory: the run header and one JSON line per
// finished repository, appended as each finishes. A line is written with
// one write call, so a killed process leaves whole lines and at most one
// partial last line, which Open drops.
type Store struct {
	dir string
	mu  sync.Mutex
	f   *os.File
	// done are the repositories with a record, by OWNER/NAME.
	done map[string]bool
}

// ErrExists is returned by Open when dir already holds an audit and
// resume was not asked for.
var ErrExists = errors.New("the output directory already holds an audit; pass --resume to continue it, or choose another directory")

// OtherAuditError is returned by OpenStore when --resume meets the
// output of another audit: another target, API, options or shard.
type OtherAuditError struct {
	Dir, Why string
}

func (e *OtherAuditError) Error() string {
	return e.Dir + " holds another audit (" + e.Why + "); choose another directory"
}

// OpenStore opens dir for run. A new audit needs an empty or missing
// directory; resume needs one made by the same audit (same target, API,
// options and shard), whose records are kept.
func OpenStore(dir string, run record.Run, resume bool) (*Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	s := &Store{dir: dir, done: map[string]bool{}}
	runPath := filepath.Join(dir, RunFile)
	old, err := ReadRun(runPath)
	switch {
	case errors.Is(err, os.ErrNotExist):
		if err := WriteFile(runPath, marshalIndent(run)); err != nil {
			return nil, err
		}
	case err != nil:
		return nil, err
	case !resume:
		return nil, fmt.Errorf("%s: %w", dir, ErrExists)
	default:
		if why := sameAudit(old, &run); why != "" {
			return nil, &OtherAuditError{Dir: dir, Why: why}
		}
		if old.Repositories != run.Repositories {
			// The organization changed between the runs; the header
			// follows the listing the audit now works through.
			old.Repositories = run.Repositories
			if err := WriteFile(runPath, marshalIndent(old)); err != nil {
				return nil, err
			}
		}
	}
	resultsPath := filepath.Join(dir, ResultsFile)
	records, size, err := readResults(resultsPath)
	if err != nil {
		return nil, err
	}
	for _, r := range records {
		s.done[r.Repository] = true
	}
	f, err := os.OpenFile(resultsPath, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	// Drop a partial last line left by a killed process.
	if err := f.Truncate(size); err != nil {
		_ = f.Close()
		return nil, err
	}
	if _, err := f.Seek(size, io.SeekStart); err != nil {
		_ = f.Close()
		return nil, err
	}
	s.f = f
	return s, nil
}

// sameAudit says how two run headers differ in what decides records, or
// "" when they do not.
func sameAudit(a, b *record.Run) string {
	switch {
	case a.Target != b.Target:
		return fmt.Sprintf("target %s, not %s", a.Target, b.Target)
	case a.API != b.API:
		return fmt.Sprintf("API %s, not %s", a.API, b.API)
	case a.Options != b.Options:
		return "other options"
	case a.Shard != b.Shard:
		return fmt.Sprintf("shard %s, not %s", a.Shard, b.Shard)
	}
	return ""
}

// Done reports whether repository (OWNER/NAME) has a record.
func (s *Store) Done(repository string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.done[repository]
}

// Count is how many repositories have a record.
func (s *Store) Count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.done)
}

// Append writes r as one line. A repository already recorded is not
// recorded again.
func (s *Store) Append(r *record.Record) error {
	line, err := r.Marshal()
	if err != nil {
		return err
	}
	line = append(line, '\n')
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.done[r.Repository] {
		return nil
	}
	if _, err := s.f.Write(line); err != nil {
		return fmt.Errorf("writing %s: %w", filepath.Join(s.dir, ResultsFile), err)
	}
	s.done[r.Repository] = true
	return nil
}

// Close syncs and closes the results file.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.f == nil {
		return nil
	}
	err := s.f.Sync()
	if cerr := s.f.Close(); err == nil {
		err = cerr
	}
	s.f = nil
	return err
}

// ReadRun reads a run header.
func ReadRun(name string) (*record.Run, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	var run record.Run
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&run); err != nil {
		return nil, fmt.Errorf("%s: not a lockstep audit header: %w", name, err)
	}
	if run.Version != record.Version {
		return nil, fmt.Errorf("%s: audit format version %d; this lockstep reads version %d", name, run.Version, record.Version)
	}
	return &run, nil
}

// ReadDir reads an output directory: its header and its records, sorted
// by repository.
func ReadDir(dir string) (*record.Run, []record.Record, error) {
	run, err := ReadRun(filepath.Join(dir, RunFile))
	if err != nil {
		return nil, nil, err
	}
	records, _, err := readResults(filepath.Join(dir, ResultsFile))
	if err != nil {
		return nil, nil, err
	}
	sort.Slice(records, func(i, j int) bool { return records[i].Repository < records[j].Repository })
	return run, records, nil
}

// readResults reads the records of a results file, and the size of its
// whole lines. A missing file has none. A last line without its newline
// is what a killed process left and is dropped; any other bad line is an
// error naming it, since guessing could lose or duplicate a repository.
func readResults(name string) ([]record.Record, int64, error) {
	f, err := os.Open(name)
	if errors.Is(err, os.ErrNotExist) {
		return nil, 0, nil
	}
	if err != nil {
		return nil, 0, err
	}
	defer func() { _ = f.Close() }()
	var out []record.Record
	seen := map[string]bool{}
	var size int64
	br := bufio.NewReaderSize(f, 1<<16)
	for lineNo := 1; ; lineNo++ {
		line, err := br.ReadBytes('\n')
		if errors.Is(err, io.EOF) {
			return out, size, nil // a partial line, or nothing
		}
		if err != nil {
			return nil, 0, err
		}
		var r record.Record
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&r); err != nil {
			return nil, 0, fmt.Errorf("%s:%d: not an audit record: %w", name, lineNo, err)
		}
		if r.Version != record.Version || r.Repository == "" {
			return nil, 0, fmt.Errorf("%s:%d: not an audit record of version %d", name, lineNo, record.Version)
		}
		size += int64(len(line))
		if seen[r.Repository] {
			continue
		}
		seen[r.Repository] = true
		out = append(out, r)
	}
}

func marshalIndent(v any) []byte {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		panic(err) // only plain structs are written here
	}
	return append(b, '\n')
}

// WriteFile writes a user-only file that readers see whole or not
// at all.
func WriteFile(name string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), ".tmp-*")
	if err != nil {
		return err
	}
	defer func() { _ = os.Remove(tmp.Name()) }()
	if _, err := tmp.Write(data); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o600); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}
