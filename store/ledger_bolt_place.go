package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"

	bolt "go.etcd.io/bbolt"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/ledger"
)

// The place index (ixPlace keys in bucketHzIndex), which bbox queries read.

// placeEntry returns the ixPlace key of the hazard with ID id (8 bytes)
// at p, and its value: the web-map tile at cellZoom holding p, row then
// column, two bytes each; the key's area is the tile's at a zoom
// areaShift levels coarser, so that one row of areas is one range of
// keys. A hazard's place entry never changes: a hazard does not move.
func placeEntry(p geo.Point, id []byte) (key, value []byte) {
	x, y := tileXY(p.Lon, p.Lat)
	return placeKey(x, y, id), []byte{byte(y >> 8), byte(y), byte(x >> 8), byte(x)}
}

// placeKey is the ixPlace key of tile (x, y) and id.
func placeKey(x, y int, id []byte) []byte {
	ax, ay := x>>areaShift, y>>areaShift
	return append([]byte{ixPlace, byte(ay >> 8), byte(ay), byte(ax >> 8), byte(ax)}, id...)
}

// migratePlaces turns the ixCell keys of a store written before ixPlace
// into ixPlace entries, in tx. It does nothing to a store without any.
func migratePlaces(tx *bolt.Tx) error {
	ix := tx.Bucket([]byte(bucketHzIndex))
	var old [][]byte
	c := ix.Cursor()
	for k, _ := c.Seek([]byte{ixCell}); len(k) > 0 && k[0] == ixCell; k, _ = c.Next() {
		old = append(old, bytes.Clone(k))
	}
	for _, k := range old {
		if err := ix.Delete(k); err != nil {
			return err
		}
		if len(k) != 13 {
			continue
		}
		y, x := int(binary.BigEndian.Uint16(k[1:])), int(binary.BigEndian.Uint16(k[3:]))
		if err := ix.Put(placeKey(x, y, k[5:]), k[1:5]); err != nil {
			return fmt.Errorf("migrate place index: %w", err)
		}
	}
	return nil
}

// putPlace puts h's place entry.
func (l *txLedger) putPlace(h *ledger.Hazard) error {
	k, v := placeEntry(h.Point, seqKey(h.ID))
	return l.index.Put(k, v)
}

// tileXY is the spherical-Mercator tile of (lon, lat) at cellZoom, clamped.
func tileXY(lon, lat float64) (x, y int) {
	n := float64(int(1) << cellZoom)
	lat = math.Max(-85.05, math.Min(85.05, lat))
	fx := (lon + 180) / 360 * n
	r := lat * math.Pi / 180
	fy := (1 - math.Log(math.Tan(r)+1/math.Cos(r))/math.Pi) / 2 * n
	clamp := func(v float64) int { return int(math.Max(0, math.Min(n-1, math.Floor(v)))) }
	return clamp(fx), clamp(fy)
}
