package storage

import "time"

// SetClock makes d read the time from now, so tests move leases and
// retention along without sleeping. Call it before d is used.
func SetClock(d *DB, now func() time.Time) { d.now = now }
