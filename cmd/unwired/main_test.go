package main

import (
	"testing"

	"github.com/unwired-go/unwired/internal/leakcheck"
)

// TestMain fails the package's tests when they leave goroutines running:
// every command closes its driver's connections before it returns.
func TestMain(m *testing.M) { leakcheck.Main(m) }
