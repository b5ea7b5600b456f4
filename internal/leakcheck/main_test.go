package leakcheck

import "testing"

// The package checks itself: a leak in these tests fails them.
func TestMain(m *testing.M) { Main(m) }
