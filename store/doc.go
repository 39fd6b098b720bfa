// Package store is the durable embedded store behind the HTTP API: businesses
// registered by market regulators, bearer tokens with their roles, the
// audit log of who did what and when, and the hazard ledger (隐患台账).
//
// It is a single bbolt file, DIR/safezone.db, with these buckets:
//
//	meta        "schema" -> "1"
//	businesses  8-byte big-endian sequence -> JSON record; the ID is "reg/N"
//	tokens      SHA-256 of the token (32 bytes) -> JSON record (role, school, time)
//	log         8-byte big-endian sequence -> JSON audit entry
//	features    "imp/ID" -> one line of GeoJSON: an imported school or water body
//	            (created by the first Import)
//	checks      8-byte big-endian sequence -> SHA-256 (32 bytes) + a recorded check
//
// and the hazard ledger's (see Ledger and package geo/ledger):
//
//	hazards     ID (8 bytes) -> the hazard's record (JSON, short keys)
//	hz_history  ID + entry number (4 bytes) -> one history entry; only ever appended
//	hz_keys     ledger.Key of an audit hit -> ID, state code, vanished flag
//	hz_index    index keys ending in the ID: state+unit; school;
//	            vanished; deadline (assigned or rectifying); place: the area at
//	            zoom 10 in the key, the map tile at zoom 14 in the value
//	hz_alerts   alert time (8 bytes, seconds) + ID: when a hazard reaches its next
//	            escalation level
//	hz_counts   ledger counter key -> count (8 bytes): what the summary reads
//	hz_rules    pack + 0x1F + rule -> its citation, stored once for all its hazards
//	hz_files    ID + SHA-256 -> the attachment's type, size, name, time and actor
//	blobs       SHA-256 -> the file's bytes, stored once however often attached
//	outbox      8-byte sequence -> a webhook event waiting for delivery
//
// A ledger write (report, transition, attachment) and its history entry,
// index keys, counts and outbox event share one transaction. A sync writes
// in transactions of 20,000 hazards, each consistent; one cut short is
// completed by running it again.
//
// Every write is one bbolt transaction, committed with fsync before the
// method returns, so a write that returned nil survives kill -9 and power
// loss, and a write that did not return may be lost but is never half
// applied. Recorded checks are the exception in how, not in what: each is
// appended to DIR/checks.wal as a line and synced before RecordCheck
// returns (one sync, where a bbolt commit takes two), and copied into the
// checks bucket in batches; Open copies what a crash left in that file,
// and every reader of records or of the log waits for the copy. A business write and its audit entry share a transaction. Readers
// use snapshot transactions: they run while writes happen and never see half
// a write. A Store is safe for concurrent use by multiple goroutines; only
// one process may open the file at a time.
//
// Postgres keeps the same records in a PostgreSQL database (the ledger in
// tables safezone_hazards, safezone_hazard_history, _counts, _rules, _files,
// safezone_blobs and safezone_outbox, the records as the same JSON text) for servers that
// run as several replicas: each LISTENs for the notification a trigger sends
// on every change to the businesses, so its Version, and with it every
// in-memory index built from Businesses, follows the other replicas' writes
// within moments. Backend is what both implement; OpenBackend picks one from
// a directory or a postgres:// URL.
//
// Bad input is reported with errors wrapping geo.ErrInvalidInput, unknown IDs
// with errors wrapping geo.ErrNotFound, and bad tokens with ErrUnauthorized.
package store
