package osm

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// pbfField is one field of a protobuf message: a varint (wire type 0) in v,
// or the bytes of a length-delimited (2), 64-bit (1) or 32-bit (5) field.
type pbfField struct {
	num  uint64
	wire int
	v    uint64
	data []byte
}

var errPBFWireType = errors.New("unexpected protobuf wire type")

// pbfFields walks the fields of a protobuf message. It is stricter than
// protoscan, which osmpbf uses: groups (wire types 3, 4) and truncated or
// over-long fields are errors, so whatever passes here parses the same way
// in osmpbf.
func pbfFields(b []byte, fn func(pbfField) error) error {
	for len(b) > 0 {
		key, n := binary.Uvarint(b)
		if n <= 0 || key>>3 == 0 {
			return errors.New("malformed protobuf field key")
		}
		b = b[n:]
		f := pbfField{num: key >> 3, wire: int(key & 7)}
		switch f.wire {
		case 0:
			if f.v, n = binary.Uvarint(b); n <= 0 {
				return fmt.Errorf("field %d: malformed varint", f.num)
			}
		case 1, 5:
			n = 8
			if f.wire == 5 {
				n = 4
			}
			if len(b) < n {
				return fmt.Errorf("field %d: truncated", f.num)
			}
			f.data = b[:n]
		case 2:
			l, k := binary.Uvarint(b)
			if k <= 0 || l > uint64(len(b)-k) {
				return fmt.Errorf("field %d: length out of range", f.num)
			}
			f.data, n = b[k:k+int(l)], k+int(l)
		default:
			return fmt.Errorf("field %d: wire type %d: not supported", f.num, f.wire)
		}
		b = b[n:]
		if err := fn(f); err != nil {
			return err
		}
	}
	return nil
}

// pbfWire checks a known field's wire type.
func pbfWire(what string, f pbfField, want int) error {
	if f.wire != want {
		return fmt.Errorf("%s field %d: wire type %d: must be %d", what, f.num, f.wire, want)
	}
	return nil
}

// checkPBFBlock checks a PrimitiveBlock: every string-table index used by
// the element groups of the kinds in want, which osmpbf will decode, must be
// in range. It returns the kinds of all the block's groups.
func checkPBFBlock(b []byte, want pbfKinds) (pbfKinds, error) {
	var table []byte
	var groups [][]byte
	err := pbfFields(b, func(f pbfField) error {
		switch f.num {
		case 1: // stringtable; proto.Unmarshal keeps the last one
			table = f.data
			return pbfWire("block", f, 2)
		case 2:
			groups = append(groups, f.data)
			return pbfWire("block", f, 2)
		case 17, 18, 19, 20: // granularities and offsets
			return pbfWire("block", f, 0)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	var strings uint64
	err = pbfFields(table, func(f pbfField) error {
		if f.num == 1 {
			strings++
			return pbfWire("string table", f, 2)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	var kinds pbfKinds
	for _, g := range groups {
		k, err := checkPBFGroup(g, strings, want)
		if err != nil {
			return 0, err
		}
		kinds |= k
	}
	return kinds, nil
}

func checkPBFGroup(g []byte, strings uint64, want pbfKinds) (pbfKinds, error) {
	var kinds pbfKinds
	err := pbfFields(g, func(f pbfField) error {
		if f.num >= 1 && f.num <= 4 {
			if err := pbfWire("group", f, 2); err != nil {
				return err
			}
		}
		switch f.num {
		case 1: // osmpbf panics on these
			return errors.New("non-dense nodes: not supported")
		case 2:
			kinds |= pbfNodes
			if want&pbfNodes != 0 {
				return checkPBFDense(f.data, strings)
			}
		case 3:
			kinds |= pbfWays
			if want&pbfWays != 0 {
				return checkPBFWay(f.data, strings)
			}
		case 4:
			kinds |= pbfRelations
			if want&pbfRelations != 0 {
				return checkPBFRelation(f.data, strings)
			}
		}
		return nil
	})
	return kinds, err
}

func checkPBFDense(d []byte, strings uint64) error {
	return pbfFields(d, func(f pbfField) error {
		switch f.num {
		case 1, 8, 9: // ids, lats, lons
			return pbfWire("dense nodes", f, 2)
		case 5:
			if err := pbfWire("dense nodes", f, 2); err != nil {
				return err
			}
			return pbfFields(f.data, func(f pbfField) error {
				if f.num < 1 || f.num > 6 {
					return nil
				}
				if err := pbfWire("dense info", f, 2); err != nil {
					return err
				}
				if f.num == 5 {
					return checkPBFUserSIDs(f.data, strings)
				}
				return nil
			})
		case 10:
			if err := pbfWire("dense nodes", f, 2); err != nil {
				return err
			}
			return checkPBFIndexes("dense nodes keys_vals", f.data, strings)
		}
		return nil
	})
}

func checkPBFWay(w []byte, strings uint64) error {
	var coords int // length osmpbf gives way.Nodes: the first of refs, lat, lon
	return pbfFields(w, func(f pbfField) error {
		switch f.num {
		case 1:
			return pbfWire("way", f, 0)
		case 2, 3:
			if err := pbfWire("way", f, 2); err != nil {
				return err
			}
			return checkPBFIndexes("way tags", f.data, strings)
		case 4:
			if err := pbfWire("way", f, 2); err != nil {
				return err
			}
			return checkPBFInfo(f.data, strings)
		case 8, 9, 10:
			if err := pbfWire("way", f, 2); err != nil {
				return err
			}
			n := pbfCount(f.data)
			if coords == 0 {
				coords = n
			} else if n > coords {
				return fmt.Errorf("way: %d values in field %d for %d nodes", n, f.num, coords)
			}
		}
		return nil
	})
}

func checkPBFRelation(r []byte, strings uint64) error {
	roles, types := -1, -1
	err := pbfFields(r, func(f pbfField) error {
		switch f.num {
		case 1:
			return pbfWire("relation", f, 0)
		case 2, 3, 8:
			if err := pbfWire("relation", f, 2); err != nil {
				return err
			}
			if f.num == 8 {
				roles = pbfCount(f.data)
			}
			return checkPBFIndexes("relation tags or roles", f.data, strings)
		case 4:
			if err := pbfWire("relation", f, 2); err != nil {
				return err
			}
			return checkPBFInfo(f.data, strings)
		case 9, 10:
			if f.num == 10 {
				types = pbfCount(f.data)
			}
			return pbfWire("relation", f, 2)
		}
		return nil
	})
	if err == nil && roles > types && types >= 0 {
		err = fmt.Errorf("relation: %d roles for %d member types", roles, types)
	}
	return err
}

// checkPBFInfo checks the Info of a way or relation.
func checkPBFInfo(info []byte, strings uint64) error {
	return pbfFields(info, func(f pbfField) error {
		if f.num < 1 || f.num > 6 {
			return nil
		}
		if err := pbfWire("info", f, 0); err != nil {
			return err
		}
		if f.num == 5 && f.v >= strings {
			return fmt.Errorf("info user_sid %d: must be less than %d (the string table size)", f.v, strings)
		}
		return nil
	})
}

// checkPBFIndexes checks packed string-table indexes.
func checkPBFIndexes(what string, b []byte, strings uint64) error {
	for len(b) > 0 {
		v, n := binary.Uvarint(b)
		if n <= 0 {
			return fmt.Errorf("%s: malformed varint", what)
		}
		if v >= strings {
			return fmt.Errorf("%s: string index %d: must be less than %d (the string table size)", what, v, strings)
		}
		b = b[n:]
	}
	return nil
}

// checkPBFUserSIDs checks delta-coded user name indexes, summed as int32
// the way osmpbf sums them.
func checkPBFUserSIDs(b []byte, strings uint64) error {
	var sid int32
	for len(b) > 0 {
		v, n := binary.Uvarint(b)
		if n <= 0 {
			return errors.New("dense info user_sid: malformed varint")
		}
		sid += int32(int64(v>>1) ^ -int64(v&1))
		if sid < 0 || uint64(sid) >= strings {
			return fmt.Errorf("dense info user_sid %d: must be between 0 and %d", sid, int64(strings)-1)
		}
		b = b[n:]
	}
	return nil
}

// pbfCount counts the values in packed varint data as protoscan's
// Iterator.Count does: bytes without the continuation bit.
func pbfCount(b []byte) int {
	n := 0
	for _, c := range b {
		if c < 0x80 {
			n++
		}
	}
	return n
}
