package auditreport

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"image/png"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// chromium is where Debian's chromium package puts the browser; .ci/run
// installs it.
const chromium = "/usr/bin/chromium"

var (
	screenshot = flag.String("screenshot", "", "copy the browser's screenshot of the sample report to this file (testdata/audit/screenshot.sh)")
	windowSize = flag.String("window-size", "1400,2000", "the browser window for the screenshot, WIDTH,HEIGHT")
)

// TestHTMLInChromium opens the sample report in headless Chromium: the
// sorter must run and sort by ?sort=, the page must load no resource,
// and a screenshot must show the styled page.
func TestHTMLInChromium(t *testing.T) {
	if _, err := os.Stat(chromium); err != nil {
		t.Skipf("%s is missing, so the HTML report is not checked in a browser: apt-get install chromium (.ci/run does)", chromium)
	}
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	if err := os.WriteFile(page, render(t, "html", Build(sampleInput())), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Run("dom", func(t *testing.T) {
		t.Parallel()
		u := url.URL{Scheme: "file", Path: page, RawQuery: "sort=-services"}
		dom := string(headless(t, filepath.Join(dir, "profile-dom"), "--dump-dom", u.String()))
		if !strings.Contains(dom, `data-sortable="ready"`) {
			t.Fatalf("the sorter did not run:\n%.2000s", dom)
		}
		if !strings.Contains(dom, `<html lang="en" data-resources="0">`) {
			t.Errorf("the page loaded resources, or its load handler did not run:\n%.300s", dom)
		}
		got := tableRepositories(dom)
		want := []string{"acme/shop", "acme/search", "acme/billing", "acme/mobile-api", "acme/identity", "acme/docs-site"}
		if !slices.Equal(got, want) {
			t.Errorf("sorted by services, descending: %v, want %v", got, want)
		}
		if !strings.Contains(dom, `data-key="services" data-type="number" data-first="desc" aria-sort="descending"><button type="button">services</button>`) {
			t.Error("the sorted column is not marked for assistive technology")
		}
	})
	t.Run("screenshot", func(t *testing.T) {
		t.Parallel()
		shot := filepath.Join(dir, "report.png")
		headless(t, filepath.Join(dir, "profile-shot"), "--hide-scrollbars", "--window-size="+*windowSize, "--screenshot="+shot, "file://"+page)
		data, err := os.ReadFile(shot)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprintf("%d,%d", img.Bounds().Dx(), img.Bounds().Dy()); got != *windowSize {
			t.Errorf("screenshot is %s, want %s", got, *windowSize)
		}
		// The header's background proves the inline stylesheet applied.
		if r, g, b, _ := img.At(8, 8).RGBA(); r>>8 != 0x24 || g>>8 != 0x36 || b>>8 != 0x4a {
			t.Errorf("header pixel is #%02x%02x%02x, want #24364a", r>>8, g>>8, b>>8)
		}
		if *screenshot != "" {
			if err := os.WriteFile(*screenshot, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// headless runs Chromium with a fresh profile and nothing that would
// reach the network on its own.
func headless(t *testing.T, profile string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, chromium, append([]string{
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + profile,
	}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium: %v\n%s", err, stderr.Bytes())
	}
	return out
}
