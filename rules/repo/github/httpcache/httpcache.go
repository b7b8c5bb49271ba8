// Package httpcache is an on-disk cache of GitHub REST API answers that
// asks GitHub again every time, with the answer's ETag (If-None-Match)
// or Last-Modified (If-Modified-Since). GitHub answers 304 when nothing
// changed and does not count a 304 against the rate limit, so a second
// audit of an unchanged organization costs almost none of it.
//
// The Transport sits under the token: in a github.Client built with
// ClientOptions.HTTPClient{Transport: httpcache.New(...)}, the client's
// token transport adds the Authorization header and then calls the
// cache. The cache keys entries by a hash of that header, so two tokens
// never share an entry, and writes neither the header nor the token
// anywhere: an answer that contains the token is passed on, not kept.
//
// Only JSON answers to GET with status 200, a validator and at most
// MaxEntry bytes are kept. A request with Cache-Control: no-store (as
// github.Tarball sends) passes through untouched, redirects included.
package httpcache

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
)

// Header marks an answer the cache gave after GitHub's 304, with the
// value Revalidated, so that callers can count what was free.
const (
	Header      = "X-Lockstep-Cache"
	Revalidated = "revalidated"
)

// MaxEntry bounds one kept body.
const MaxEntry = 16 << 20

// keptHeaders are the response headers stored with a body: what a caller
// reads of a GitHub answer (pagination included), nothing that could
// carry a credential.
var keptHeaders = []string{
	"Content-Type",
	"Etag",
	"Last-Modified",
	"Link",
	"X-Github-Media-Type",
	"X-Oauth-Scopes",
	"X-Accepted-Oauth-Scopes",
	"X-Accepted-Github-Permissions",
}

// freshHeaders are taken from the 304 itself: they describe now, not the
// stored answer.
var freshHeaders = []string{
	"Date",
	"X-Github-Request-Id",
	"X-Ratelimit-Limit",
	"X-Ratelimit-Remaining",
	"X-Ratelimit-Reset",
	"X-Ratelimit-Resource",
	"X-Ratelimit-Used",
}

// Transport is a caching http.RoundTripper. It is safe for concurrent
// use by many goroutines, and by several processes sharing a directory.
type Transport struct {
	dir      string
	base     http.RoundTripper
	maxEntry int // MaxEntry; tests lower it

	revalidated, stored, writeErrors atomic.Int64
}

// Stats count what a Transport did.
type Stats struct {
	Revalidated int64 // answered from the cache after a 304
	Stored      int64 // answers written
	WriteErrors int64 // answers that could not be written (the request still succeeded)
}

// New returns a cache in dir, over base (http.DefaultTransport when nil).
// dir is created readable by the user alone; an existing directory keeps
// its mode, but every entry in it is the user's alone.
func New(dir string, base http.RoundTripper) (*Transport, error) {
	if dir == "" {
		return nil, errors.New("httpcache: no cache directory given")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("httpcache: creating the cache directory: %w", err)
	}
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return nil, fmt.Errorf("httpcache: the cache directory %s is not a directory", dir)
	}
	if base == nil {
		base = http.DefaultTransport
	}
	return &Transport{dir: dir, base: base, maxEntry: MaxEntry}, nil
}

// DefaultDir is where lockstep keeps the cache: the user's cache
// directory (XDG_CACHE_HOME, ~/Library/Caches, %LocalAppData%), under
// lockstep/github.
func DefaultDir() (string, error) {
	base, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("httpcache: no user cache directory: %w", err)
	}
	return filepath.Join(base, "lockstep", "github"), nil
}

// Stats returns the counts so far.
func (t *Transport) Stats() Stats {
	return Stats{Revalidated: t.revalidated.Load(), Stored: t.stored.Load(), WriteErrors: t.writeErrors.Load()}
}

// RoundTrip answers req from GitHub, revalidating a kept answer.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if !cacheable(req) {
		return t.base.RoundTrip(req)
	}
	key := t.key(req)
	e := t.load(key)
	out := req
	if e != nil {
		// A RoundTripper must not change the caller's request.
		out = req.Clone(req.Context())
		if v := e.Header.Get("Etag"); v != "" {
			out.Header.Set("If-None-Match", v)
		}
		if v := e.Header.Get("Last-Modified"); v != "" {
			out.Header.Set("If-Modified-Since", v)
		}
	}
	resp, err := t.base.RoundTrip(out)
	if err != nil {
		return nil, err
	}
	switch {
	case e != nil && resp.StatusCode == http.StatusNotModified:
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		_ = resp.Body.Close()
		t.revalidated.Add(1)
		return e.response(req, resp), nil
	case storable(resp, t.maxEntry):
		return t.keep(key, req, resp), nil
	}
	return resp, nil
}

// cacheable reports a request the cache may answer: a plain GET that
// does not refuse caches and carries no validator of its own.
func cacheable(req *http.Request) bool {
	h := req.Header
	return req.Method == http.MethodGet &&
		!strings.Contains(strings.ToLower(h.Get("Cache-Control")), "no-store") &&
		h.Get("If-None-Match") == "" && h.Get("If-Modified-Since") == "" && h.Get("Range") == ""
}

func storable(resp *http.Response, maxEntry int) bool {
	h := resp.Header
	return resp.StatusCode == http.StatusOK &&
		(h.Get("Etag") != "" || h.Get("Last-Modified") != "") &&
		strings.Contains(strings.ToLower(h.Get("Content-Type")), "json") &&
		h.Get("Content-Encoding") == "" &&
		!strings.Contains(strings.ToLower(h.Get("Cache-Control")), "no-store") &&
		resp.ContentLength <= int64(maxEntry)
}

// key names the entry of req: its method, URL, Accept and API version,
// and a hash of its Authorization so that tokens never share entries.
func (t *Transport) key(req *http.Request) string {
	auth := sha256.Sum256([]byte(req.Header.Get("Authorization")))
	h := sha256.New()
	for _, part := range []string{"lockstep-httpcache-1", req.Method, req.URL.String(),
		req.Header.Get("Accept"), req.Header.Get("X-Github-Api-Version"), hex.EncodeToString(auth[:])} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

func (t *Transport) path(key string) string { return filepath.Join(t.dir, key[:2], key[2:]) }

// entry is one kept answer. On disk: a JSON line of meta, then the body.
type entry struct {
	Header http.Header
	body   []byte
}

type meta struct {
	Version    int         `json:"version"`
	Header     http.Header `json:"header"`
	BodyLength int         `json:"body_length"`
	BodySHA256 string      `json:"body_sha256"`
}

const entryVersion = 1

// load reads the entry of key; a missing, partial or damaged one is a
// miss.
func (t *Transport) load(key string) *entry {
	f, err := os.Open(t.path(key))
	if err != nil {
		return nil
	}
	defer func() { _ = f.Close() }()
	r := bufio.NewReader(io.LimitReader(f, int64(t.maxEntry)+1<<20))
	line, err := r.ReadBytes('\n')
	if err != nil {
		return nil
	}
	var m meta
	if json.Unmarshal(line, &m) != nil || m.Version != entryVersion || m.BodyLength < 0 || m.BodyLength > t.maxEntry {
		return nil
	}
	body, err := io.ReadAll(r)
	sum := sha256.Sum256(body)
	if err != nil || len(body) != m.BodyLength || hex.EncodeToString(sum[:]) != m.BodySHA256 {
		return nil
	}
	return &entry{Header: m.Header, body: body}
}

// response is the kept answer as a 200 to req, with notModified's fresh
// headers and the cache's mark.
func (e *entry) response(req *http.Request, notModified *http.Response) *http.Response {
	h := e.Header.Clone()
	if h == nil {
		h = http.Header{}
	}
	for _, name := range freshHeaders {
		if v := notModified.Header.Values(name); len(v) > 0 {
			h[http.CanonicalHeaderKey(name)] = v
		}
	}
	h.Set(Header, Revalidated)
	return &http.Response{
		Status: "200 OK", StatusCode: http.StatusOK,
		Proto: notModified.Proto, ProtoMajor: notModified.ProtoMajor, ProtoMinor: notModified.ProtoMinor,
		Header: h, Body: io.NopCloser(bytes.NewReader(e.body)), ContentLength: int64(len(e.body)),
		Request: req,
	}
}

// keep reads resp's body, writes it as the entry of key when it may be
// kept, and returns resp with the body intact for the caller.
func (t *Transport) keep(key string, req *http.Request, resp *http.Response) *http.Response {
	body, err := io.ReadAll(io.LimitReader(resp.Body, int64(t.maxEntry)+1))
	if err != nil || len(body) > t.maxEntry {
		// Too large, or broken mid-way: the caller gets what came, then
		// the rest or the error, as if the cache were not there.
		resp.Body = readCloser{io.MultiReader(bytes.NewReader(body), errReader{err}, resp.Body), resp.Body}
		return resp
	}
	_ = resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	h := http.Header{}
	for _, name := range keptHeaders {
		if v := resp.Header.Values(name); len(v) > 0 {
			h[http.CanonicalHeaderKey(name)] = v
		}
	}
	if containsCredential(req, h, body) {
		return resp
	}
	if err := t.write(key, h, body); err != nil {
		t.writeErrors.Add(1)
	} else {
		t.stored.Add(1)
	}
	return resp
}

// containsCredential reports an answer that echoes the request's
// credential, which must never reach the disk.
func containsCredential(req *http.Request, h http.Header, body []byte) bool {
	auth := req.Header.Get("Authorization")
	if auth == "" {
		return false
	}
	secrets := []string{auth}
	if _, cred, ok := strings.Cut(auth, " "); ok && len(cred) >= 8 {
		secrets = append(secrets, cred)
	}
	for _, s := range secrets {
		if bytes.Contains(body, []byte(s)) {
			return true
		}
		for _, values := range h {
			for _, v := range values {
				if strings.Contains(v, s) {
					return true
				}
			}
		}
	}
	return false
}

// write stores an entry atomically: readers see the old one or the new
// one, never a part.
func (t *Transport) write(key string, h http.Header, body []byte) error {
	sum := sha256.Sum256(body)
	line, err := json.Marshal(meta{Version: entryVersion, Header: h, BodyLength: len(body), BodySHA256: hex.EncodeToString(sum[:])})
	if err != nil {
		return err
	}
	dir := filepath.Dir(t.path(key))
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".tmp-*") // created 0600
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(append(line, '\n'))
	if err == nil {
		_, err = f.Write(body)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, t.path(key))
	}
	if err != nil {
		_ = os.Remove(tmp)
	}
	return err
}

type readCloser struct {
	io.Reader
	io.Closer
}

// errReader fails with err, or ends when err is nil.
type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	return 0, io.EOF
}
