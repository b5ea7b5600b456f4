package unwired_test

import (
	"testing"

	"github.com/unwired-go/unwired/internal/leakcheck"
)

// TestMain fails the package's tests when they leave goroutines running.
func TestMain(m *testing.M) { leakcheck.Main(m) }
