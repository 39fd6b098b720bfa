package imports

import (
	"regexp"
	"strconv"
	"time"

	"github.com/safezone/safezone/geo"
)

// excelSerial is an XLSX date cell as it is stored: days since 1899-12-30,
// five digits for the years 1927 to 2173.
var excelSerial = regexp.MustCompile(`^\d{5}(\.0+)?$`)

// openedOn reads an opening date column (开业日期, 发证日期, 成立日期): a
// date as geo.ParseDate reads it, or an Excel date cell's serial number,
// and not in the future.
func openedOn(v string) (geo.Date, error) {
	if excelSerial.MatchString(v) {
		n, _ := strconv.ParseFloat(v, 64)
		t := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(n))
		v = t.Format("2006-01-02")
	}
	return geo.ParseOpenedOn(v)
}
