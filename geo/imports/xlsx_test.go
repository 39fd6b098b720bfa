package imports_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/xuri/excelize/v2"

	"github.com/safezone/safezone/geo"

	"github.com/safezone/safezone/geo/imports"
)

// mustWorkbook returns an .xlsx with the rows given per sheet. Numbers are
// stored as numbers, shown with one decimal, as a regulator's sheet might.
func mustWorkbook(tb testing.TB, sheets map[string][][]any, order ...string) []byte {
	tb.Helper()
	wb := excelize.NewFile()
	defer wb.Close()
	style, err := wb.NewStyle(&excelize.Style{NumFmt: 177, CustomNumFmt: ptr("0.0")})
	if err != nil {
		tb.Fatal(err)
	}
	for i, name := range order {
		if i == 0 {
			wb.SetSheetName("Sheet1", name)
		} else if _, err := wb.NewSheet(name); err != nil {
			tb.Fatal(err)
		}
		for r, row := range sheets[name] {
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			if err := wb.SetSheetRow(name, cell, &row); err != nil {
				tb.Fatal(err)
			}
			for c, v := range row {
				if _, ok := v.(float64); ok {
					cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
					wb.SetCellStyle(name, cell, cell, style)
				}
			}
		}
	}
	var buf bytes.Buffer
	if err := wb.Write(&buf); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func ptr[T any](v T) *T { return &v }

func TestReadXLSX(t *testing.T) {
	data := mustWorkbook(t, map[string][][]any{
		"说明": {{"本表为测试"}},
		"名单": {
			{"2024年网吧名单"},
			{"序号", "店名", "类别", "经度", "纬度", "许可证号"},
			{1, "星空网吧", "网吧", 104.0612, 30.6571, "510104-001"},
			{},
			{2, "坏行", "网吧", 204.1, 30.1, "510104-002"},
			{3, "好运彩票", "彩票", 104.0655, 30.6602, 510104003},
		},
	}, "说明", "名单")
	cols := map[string]string{"name": "店名"}
	im, err := imports.ReadXLSX(bytes.NewReader(data), "list.xlsx", imports.Options{Sheet: "名单", Columns: cols})
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Rows) != 2 || len(im.Bad) != 1 {
		t.Fatalf("rows %+v bad %v", im.Rows, im.Bad)
	}
	r := im.Rows[0]
	if r.Row != 3 || r.Feature.Name != "星空网吧" || r.Feature.Geometry != (orb.Point{104.0612, 30.6571}) || r.Licence != "510104-001" {
		t.Errorf("first row (numbers must be read as stored, not as shown): %+v", r)
	}
	if r := im.Rows[1]; r.Row != 6 || r.Feature.Category != "lottery" || r.Licence != "510104003" {
		t.Errorf("second row: %+v", r)
	}
	want := `list.xlsx[名单]:5: 经度 (lon) "204.1": must be between -180 and 180`
	if im.Bad[0].Error() != want {
		t.Errorf("bad row %q, want %q", im.Bad[0], want)
	}
}

func TestReadXLSX_errors(t *testing.T) {
	data := mustWorkbook(t, map[string][][]any{"A": {{"名称", "类别"}, {"x", "bar"}}}, "A")
	tests := []struct {
		name string
		data []byte
		opts imports.Options
		want string
	}{
		{"NotXLSX", []byte("名称,经度\n"), imports.Options{}, "x.xlsx: not an .xlsx workbook"},
		{"NoSheet", data, imports.Options{Sheet: "B"}, `x.xlsx: sheet "B": not in the workbook; it has ["A"]`},
		{"NoHeader", data, imports.Options{}, `x.xlsx[A]:1: header: no lon and lat columns`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := imports.ReadXLSX(bytes.NewReader(tc.data), "x.xlsx", tc.opts)
			if !errors.Is(err, geo.ErrInvalidInput) || !strings.HasPrefix(err.Error(), tc.want) {
				t.Fatalf("err = %v\nwant %q", err, tc.want)
			}
		})
	}
}
