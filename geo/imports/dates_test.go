package imports_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/imports"
)

// An opening date column is found by its Chinese header and read in the
// forms licence lists write it in, Excel's serial days included.
func TestReadCSV_openedOn(t *testing.T) {
	for _, header := range []string{"开业日期", "发证日期", "成立日期", "opened_on"} {
		t.Run(header, func(t *testing.T) {
			csv := "名称,类别,经度,纬度," + header + "\nA,bar,104,30,2012-05-01\nB,bar,104,30,2012/5/1\nC,bar,104,30,2012年5月\nD,bar,104,30,41030\nE,bar,104,30,\n"
			im, err := imports.ReadCSV(strings.NewReader(csv), "x.csv", imports.Options{})
			if err != nil || len(im.Bad) != 0 {
				t.Fatalf("%v %v", err, im.Bad)
			}
			var got []string
			for _, r := range im.Rows {
				got = append(got, r.Feature.OpenedOn.String())
			}
			if strings.Join(got, ",") != "2012-05-01,2012-05-01,2012-05,2012-05-01," {
				t.Errorf("opened_on %q", got)
			}
		})
	}
}

func TestReadCSV_openedOn_errors(t *testing.T) {
	tests := []struct{ value, want string }{
		{"去年", `x.csv:2: 开业日期 (opened_on) "去年": must be a date, YYYY-MM-DD, YYYY-MM or YYYY`},
		{"2012-13-01", `x.csv:2: 开业日期 (opened_on) "2012-13-01": month 13 does not exist`},
		{"2999-01-01", `x.csv:2: 开业日期 (opened_on) "2999-01-01": is in the future`},
	}
	for _, tc := range tests {
		t.Run(tc.value, func(t *testing.T) {
			im, err := imports.ReadCSV(strings.NewReader("名称,类别,经度,纬度,开业日期\nA,bar,104,30,"+tc.value+"\n"), "x.csv", imports.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(im.Bad) != 1 || !strings.HasPrefix(im.Bad[0].Error(), tc.want) || im.Bad[0].Field != "opened_on" || !errors.Is(im.Bad[0], geo.ErrInvalidInput) {
				t.Errorf("bad rows %v, want %q", im.Bad, tc.want)
			}
		})
	}
}
