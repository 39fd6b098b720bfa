package osm

import (
	"github.com/paulmach/osm"

	"github.com/safezone/safezone/geo"
)

// startDate reads start_date as the feature's opening date when it is a
// plain date (YYYY, YYYY-MM or YYYY-MM-DD) not in the future. The other
// forms OpenStreetMap allows ("~1990", "1990s", "before 1980", "C18") say
// too little to show that a place predates a school, so they leave the date
// unknown, which rules read as a new place.
func startDate(tags osm.Tags) geo.Date {
	d, err := geo.ParseDate("start_date", tags.Find("start_date"))
	if err != nil || d.CheckOpened() != nil {
		return 0
	}
	return d
}
