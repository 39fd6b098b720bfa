package imports_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/imports"
)

// rezip copies the workbook data, passing each part through edit.
func rezip(tb testing.TB, data []byte, edit func(name string, part []byte) []byte) []byte {
	tb.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		tb.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			tb.Fatal(err)
		}
		part, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			tb.Fatal(err)
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			tb.Fatal(err)
		}
		w.Write(edit(f.Name, part))
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// bomb returns a small zip whose one part declares size bytes unzipped
// from compressed bytes.
func bomb(tb testing.TB, name string, size, compressed uint64) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, UncompressedSize64: size, CompressedSize64: compressed})
	if err != nil {
		tb.Fatal(err)
	}
	w.Write([]byte("<a/>"))
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadXLSX_limits(t *testing.T) {
	rows := [][]any{{"名称", "类别", "经度", "纬度"}}
	for i := range 5 {
		rows = append(rows, []any{fmt.Sprintf("网吧%d", i), "网吧", 104.06, 30.66})
	}
	good := mustWorkbook(t, map[string][][]any{"A": rows}, "A")
	// A bad entity inside row 4: excelize's iterator stops there without an
	// error, so rows 2 and 3 alone would be read.
	badEntity := rezip(t, good, func(name string, part []byte) []byte {
		if !strings.HasPrefix(name, "xl/worksheets/") {
			return part
		}
		i := bytes.Index(part, []byte(`<row r="4"`))
		j := bytes.Index(part[i:], []byte(`</row>`)) + i
		return append(append(append([]byte{}, part[:j]...), []byte("&bogus;")...), part[j:]...)
	})
	cells := make([]any, imports.MaxColumns+1)
	for i := range cells {
		cells[i] = "x"
	}
	wide := mustWorkbook(t, map[string][][]any{"A": {cells}}, "A")
	tests := []struct {
		name     string
		data     []byte
		want     string
		tooLarge bool
	}{
		{"bomb", bomb(t, "xl/worksheets/sheet1.xml", 2e9, 2e7), "x.xlsx: unzips to more than 256 MiB (xl/worksheets/sheet1.xml declares 2000000000 bytes): at most 256 MiB", true},
		{"lie", bomb(t, "xl/worksheets/sheet1.xml", 2e9, 4), "x.xlsx: xl/worksheets/sheet1.xml declares 2000000000 bytes from 4 compressed: more than deflate can give", true},
		{"badEntity", badEntity, "x.xlsx: xl/worksheets/sheet1.xml: after row 4: XML syntax error", false},
		{"wide", wide, fmt.Sprintf("x.xlsx[A]:1: %d columns: at most %d", imports.MaxColumns+1, imports.MaxColumns), true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var before runtime.MemStats
			runtime.ReadMemStats(&before)
			im, err := imports.ReadXLSX(bytes.NewReader(tc.data), "x.xlsx", imports.Options{})
			if err == nil {
				t.Fatalf("read %d rows, want error %q", len(im.Rows), tc.want)
			}
			if !errors.Is(err, geo.ErrInvalidInput) || !strings.HasPrefix(err.Error(), tc.want) {
				t.Fatalf("err = %v\nwant %q", err, tc.want)
			}
			if errors.Is(err, imports.ErrTooLarge) != tc.tooLarge {
				t.Errorf("errors.Is(err, ErrTooLarge) = %v, want %v", !tc.tooLarge, tc.tooLarge)
			}
			var after runtime.MemStats
			runtime.ReadMemStats(&after)
			if grown := after.TotalAlloc - before.TotalAlloc; grown > 64<<20 {
				t.Errorf("allocated %d MiB reading a %d-byte file", grown>>20, len(tc.data))
			}
		})
	}
	if _, err := imports.ReadXLSX(bytes.NewReader(good), "x.xlsx", imports.Options{}); err != nil {
		t.Fatalf("the workbook before the edits: %v", err)
	}
}

func TestReadShapefile_zipBomb(t *testing.T) {
	path := filepath.Join(t.TempDir(), "layer.zip")
	if err := os.WriteFile(path, bomb(t, "layer.shp", 1<<40, 1<<32), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := imports.ReadShapefile(path, imports.Options{})
	if !errors.Is(err, imports.ErrTooLarge) || !strings.Contains(err.Error(), "unzips to more than 256 MiB") {
		t.Fatalf("err = %v, want the unzip limit", err)
	}
}

func TestReadCSV_limits(t *testing.T) {
	header := strings.Repeat("a,", imports.MaxColumns) + "名称,经度,纬度\n"
	_, err := imports.ReadCSV(strings.NewReader(header), "wide.csv", imports.Options{})
	if !errors.Is(err, imports.ErrTooLarge) || !strings.HasPrefix(err.Error(), fmt.Sprintf("wide.csv:1: %d columns: at most %d", imports.MaxColumns+3, imports.MaxColumns)) {
		t.Fatalf("err = %v", err)
	}
}
