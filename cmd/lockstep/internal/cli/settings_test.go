package cli

import (
	"bufio"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

const fakeToken = "ghp_cliTEST0123456789SECRET"

// fakeGitHub serves a scenario recorded under testdata/github (see its
// routes.txt), and fails any request without the expected token.
func fakeGitHub(t *testing.T, scenario string) *httptest.Server {
	t.Helper()
	dir := filepath.Join(root, "testdata", "github", scenario)
	f, err := os.Open(filepath.Join(dir, "routes.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	type answer struct {
		status int
		body   string
	}
	routes := map[string]answer{}
	line := regexp.MustCompile(`^GET (\S+) -> (\d{3}) (\S+)$`)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if m := line.FindStringSubmatch(strings.TrimSpace(sc.Text())); m != nil {
			status, _ := strconv.Atoi(m[2])
			routes[m[1]] = answer{status, m[3]}
		}
	}
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+fakeToken {
			http.Error(w, `{"message":"Bad credentials"}`, http.StatusUnauthorized)
			return
		}
		a, ok := routes[strings.TrimPrefix(r.URL.Path, "/")]
		if !ok {
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"message":"Not Found"}`))
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(a.status)
		if a.body != "-" {
			data, err := os.ReadFile(filepath.Join(dir, a.body))
			if err != nil {
				t.Error(err)
			}
			_, _ = w.Write(data)
		}
	}))
}

// TestLiveSettings reads settings from a fake GitHub, records them with
// settings dump, and replays the snapshot: both runs report the same
// findings at the logical location, and the token appears nowhere.
func TestLiveSettings(t *testing.T) {
	srv := fakeGitHub(t, "unprotected")
	defer srv.Close()
	t.Setenv("LOCKSTEP_TEST_TOKEN", fakeToken)
	dir := t.TempDir()
	common := []string{"--github-token-env", "LOCKSTEP_TEST_TOKEN", "--github-repo", "acme/shop", "--github-url", srv.URL}

	live, stderr, code := run(t, append(append([]string{"check"}, common...), "--log-level", "debug", dir)...)
	if code != ExitFindings || !strings.Contains(live, "github:acme/shop@main: error: ") || !strings.Contains(live, "[LS201 default-branch-unprotected]") {
		t.Fatalf("exit %d\n%s\n%s", code, live, stderr)
	}
	snapshot := filepath.Join(t.TempDir(), "settings.json")
	_, dumpErr, code := run(t, append(append([]string{"settings", "dump"}, common...), "--output", snapshot, dir)...)
	if code != ExitOK {
		t.Fatalf("settings dump: exit %d: %s", code, dumpErr)
	}
	replayed, _, code := run(t, "check", "--offline", "--settings-snapshot", snapshot, dir)
	if code != ExitFindings || replayed != live {
		t.Fatalf("replay differs (exit %d)\n--- live\n%s--- replayed\n%s", code, live, replayed)
	}
	data, _ := os.ReadFile(snapshot)
	for name, s := range map[string]string{"output": live, "logs": stderr, "dump logs": dumpErr, "snapshot": string(data)} {
		if strings.Contains(s, fakeToken) {
			t.Errorf("the token leaked into the %s", name)
		}
	}
}

func TestOfflineNeverTouchesTheNetwork(t *testing.T) {
	hits := 0
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hits++ }))
	defer srv.Close()
	t.Setenv("LOCKSTEP_TEST_TOKEN", fakeToken)
	_, stderr, code := run(t, "check", "--offline", "--github-token-env", "LOCKSTEP_TEST_TOKEN", "--github-repo", "acme/shop", "--github-url", srv.URL, t.TempDir())
	if hits != 0 || code == ExitUsage || code == ExitFailure {
		t.Fatalf("hits %d, exit %d: %s", hits, code, stderr)
	}
}

func TestSettingsDumpNeedsToken(t *testing.T) {
	t.Setenv("LOCKSTEP_EMPTY_TOKEN", "")
	_, stderr, code := run(t, "settings", "dump", "--github-token-env", "LOCKSTEP_EMPTY_TOKEN", "--github-repo", "a/b")
	if code != ExitUsage || !strings.Contains(stderr, "$LOCKSTEP_EMPTY_TOKEN is empty") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
}
