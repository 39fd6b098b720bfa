package geo_test

import (
	"fmt"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
)

func ExampleDistanceMeters() {
	school := geo.Point{Lat: 30.6574, Lon: 104.0658}
	cafe := geo.Point{Lat: 30.6591, Lon: 104.0664}
	d := geo.DistanceMeters(school, cafe)
	fmt.Printf("%.3f m, within 200 m: %v\n", d, d <= 200)
	// Output:
	// 197.046 m, within 200 m: true
}

func ExampleGeometryDistanceMeters() {
	// A campus as a polygon of [lon, lat] points, and a cafe across the
	// street: the distance is to the nearest edge, and 0 inside.
	campus := orb.Polygon{{
		{104.0650, 30.6570}, {104.0665, 30.6570}, {104.0665, 30.6580},
		{104.0650, 30.6580}, {104.0650, 30.6570},
	}}
	cafe := orb.Point{104.0670, 30.6590}
	fmt.Printf("%.3f m\n", geo.GeometryDistanceMeters(cafe, campus))
	fmt.Printf("%.3f m\n", geo.GeometryDistanceMeters(orb.Point{104.0660, 30.6575}, campus))
	// Output:
	// 120.778 m
	// 0.000 m
}
