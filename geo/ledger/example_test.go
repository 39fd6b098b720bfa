package ledger_test

import (
	"fmt"
	"time"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/ledger"
)

// A school reports a pond; the regulator assigns it; a week after the
// deadline it is at escalation level 2.
func ExampleTransition() {
	c, _ := ledger.LoadConfig("testdata/ledger.yaml")
	at := time.Date(2025, 6, 10, 9, 0, 0, 0, ledger.China)
	h, _, _ := c.Report(ledger.ReportInput{SchoolID: "school/1", Point: geo.Point{Lat: 30, Lon: 104}, Description: "池塘无护栏", Category: "water"},
		ledger.Actor{ID: "s1", Role: ledger.RoleSchool, SchoolID: "school/1"}, at)
	fmt.Println(h.State.Label(), h.Grade.Label(), h.Unit)
	h, _, err := ledger.Transition(h, ledger.TransitionInput{To: "assigned", Unit: "镇水利站", Person: "李四", Deadline: "2025-06-20"},
		ledger.Actor{ID: "r1", Role: ledger.RoleRegulator}, at, nil)
	fmt.Println(h.State.Label(), h.Deadline, err)
	later := time.Date(2025, 6, 28, 9, 0, 0, 0, ledger.China)
	fmt.Println(ledger.DaysOverdue(&h, later), c.Level(&h, later), c.Escalation.Levels.Value[c.Level(&h, later)-1])
	_, _, err = ledger.Transition(h, ledger.TransitionInput{To: "closed"}, ledger.Actor{ID: "a1", Role: ledger.RoleAdmin}, at, nil)
	fmt.Println(err)
	// Output:
	// 发现登记 较大 水利、应急管理部门
	// 已交办 2025-06-20 <nil>
	// 7 2 逐级督办
	// state "assigned": hazard 0 cannot go to "closed"; from assigned it may go to rectifying, found; a hazard is closed from verifying, or from any open state once a sync marks it vanished
}
