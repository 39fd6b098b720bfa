// Package store is the durable embedded store behind the HTTP API: businesses
// registered by market regulators, bearer tokens with their roles, and the
// audit log of who did what and when.
//
// It is a single bbolt file, DIR/safezone.db, with these buckets:
//
//	meta        "schema" -> "1"
//	businesses  8-byte big-endian sequence -> JSON record; the ID is "reg/N"
//	tokens      SHA-256 of the token (32 bytes) -> JSON record (role, school, time)
//	log         8-byte big-endian sequence -> JSON audit entry
//	features    "imp/ID" -> one line of GeoJSON: an imported school or water body
//	            (created by the first Import)
//
// Every write is one bbolt transaction, committed with fsync before the
// method returns, so a write that returned nil survives kill -9 and power
// loss, and a write that did not return may be lost but is never half
// applied. A business write and its audit entry share a transaction. Readers
// use snapshot transactions: they run while writes happen and never see half
// a write. A Store is safe for concurrent use by multiple goroutines; only
// one process may open the file at a time.
//
// Postgres keeps the same records in a PostgreSQL database for servers that
// run as several replicas: each LISTENs for the notification a trigger sends
// on every change to the businesses, so its Version, and with it every
// in-memory index built from Businesses, follows the other replicas' writes
// within moments. Backend is what both implement; OpenBackend picks one from
// a directory or a postgres:// URL.
//
// Bad input is reported with errors wrapping geo.ErrInvalidInput, unknown IDs
// with errors wrapping geo.ErrNotFound, and bad tokens with ErrUnauthorized.
package store
