// Package zones draws the areas that rules forbid: geodesic buffers of
// campuses and gates (BufferMeters), and for a category the union of every
// nearby school's zones by severity (Build), as the map shows them.
//
// Buffers are built in a chart of the ellipsoid around each geometry, so a
// point on a zone's outline is the rule's geodesic distance from the school
// within the tolerance BufferMeters states (−10 cm to +5 cm). Unions use
// simplefeatures. Everything here is safe for concurrent use.
package zones
