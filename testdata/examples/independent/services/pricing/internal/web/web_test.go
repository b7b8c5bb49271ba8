package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestGetJSON(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		WriteJSON(w, http.StatusOK, map[string]string{"path": r.URL.Path})
	}))
	defer srv.Close()

	var out struct {
		Path string `json:"path"`
	}
	if err := GetJSON(context.Background(), srv.Client(), srv.URL+"/x", &out); err != nil {
		t.Fatal(err)
	}
	if out.Path != "/x" {
		t.Errorf("path = %q, want /x", out.Path)
	}
}
