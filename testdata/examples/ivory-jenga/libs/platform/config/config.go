// Package config reads service settings from the environment.
package config

import (
	"log/slog"
	"os"
	"strconv"
	"time"
)

// String returns the value of key, or fallback when it is unset or empty.
func String(key, fallback string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return fallback
}

// MustString returns the value of key and stops the process when it is missing.
func MustString(key string) string {
	v := os.Getenv(key)
	if v == "" {
		slog.Error("missing required environment variable", "key", key)
		os.Exit(1)
	}
	return v
}

// Int returns the integer value of key, or fallback.
func Int(key string, fallback int) int {
	n, err := strconv.Atoi(os.Getenv(key))
	if err != nil {
		return fallback
	}
	return n
}

// Duration returns the duration value of key (for example "5s"), or fallback.
func Duration(key string, fallback time.Duration) time.Duration {
	d, err := time.ParseDuration(os.Getenv(key))
	if err != nil {
		return fallback
	}
	return d
}
