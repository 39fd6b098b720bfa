package osm

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"io"

	"github.com/safezone/safezone/geo"
)

// pbfBlobHeader reads BlobHeader: type (1) and datasize (3).
func pbfBlobHeader(b []byte) (typ string, size int64, err error) {
	size = -1
	err = pbfFields(b, func(f pbfField) error {
		switch {
		case f.num == 1 && f.wire == 2:
			typ = string(f.data)
		case f.num == 3 && f.wire == 0:
			size = int64(f.v) // an int32 in the .proto; a negative one wraps to < 0 here
		case f.num == 1 || f.num == 3:
			return errPBFWireType
		}
		return nil
	})
	return typ, size, err
}

// pbfInflate returns the uncompressed content of a Blob: raw (1) or
// zlib_data (3), checked against raw_size (2).
func pbfInflate(block int, blob []byte) ([]byte, error) {
	var raw, zdata []byte
	rawSize := int64(-1)
	err := pbfFields(blob, func(f pbfField) error {
		switch {
		case f.num == 1 && f.wire == 2:
			raw = f.data
		case f.num == 2 && f.wire == 0:
			rawSize = int64(f.v)
		case f.num == 3 && f.wire == 2:
			zdata = f.data
		case f.num >= 4 && f.num <= 7:
			return pbfFail(block, "blob: compression %s: not supported; only zlib",
				[...]string{"lzma", "bzip2", "lz4", "zstd"}[f.num-4])
		case f.num <= 3:
			return errPBFWireType
		}
		return nil
	})
	switch {
	case errors.Is(err, geo.ErrInvalidInput):
		return nil, err
	case err != nil:
		return nil, pbfFail(block, "blob: %v", err)
	case raw != nil:
		if len(raw) > pbfMaxRaw {
			return nil, pbfFail(block, "blob: raw size %d: must be at most %d", len(raw), pbfMaxRaw)
		}
		return raw, nil
	case zdata == nil:
		return nil, pbfFail(block, "blob: no raw or zlib data")
	}
	zr, err := zlib.NewReader(bytes.NewReader(zdata))
	if err != nil {
		return nil, pbfFail(block, "blob: zlib: %v", err)
	}
	var out bytes.Buffer
	if rawSize > 0 && rawSize <= pbfMaxRaw {
		out.Grow(int(rawSize) + bytes.MinRead) // ReadFrom wants MinRead spare
	}
	if _, err := out.ReadFrom(io.LimitReader(zr, pbfMaxRaw+1)); err != nil {
		return nil, pbfFail(block, "blob: zlib: %v", err)
	}
	if err := zr.Close(); err != nil {
		return nil, pbfFail(block, "blob: zlib: %v", err)
	}
	if out.Len() > pbfMaxRaw {
		return nil, pbfFail(block, "blob: inflated size: must be at most %d bytes", pbfMaxRaw)
	}
	if rawSize >= 0 && rawSize != int64(out.Len()) {
		return nil, pbfFail(block, "blob: raw_size %d: inflated data has %d bytes", rawSize, out.Len())
	}
	return out.Bytes(), nil
}

// pbfEncodeBlock appends a framed block with raw as an uncompressed Blob.
func pbfEncodeBlock(dst []byte, typ string, raw []byte) []byte {
	var blob []byte
	blob = binary.AppendUvarint(blob, 1<<3|2)
	blob = binary.AppendUvarint(blob, uint64(len(raw)))
	blobHead := len(blob)
	sizeField := binary.AppendUvarint([]byte{2 << 3}, uint64(len(raw)))
	blobLen := blobHead + len(raw) + len(sizeField)

	var header []byte
	header = binary.AppendUvarint(header, 1<<3|2)
	header = binary.AppendUvarint(header, uint64(len(typ)))
	header = append(header, typ...)
	header = binary.AppendUvarint(header, 3<<3)
	header = binary.AppendUvarint(header, uint64(blobLen))

	dst = binary.BigEndian.AppendUint32(dst, uint32(len(header)))
	dst = append(dst, header...)
	dst = append(dst, blob...)
	dst = append(dst, raw...)
	return append(dst, sizeField...)
}
