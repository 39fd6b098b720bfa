package patrol

import (
	"bufio"
	"fmt"
	"io"
	"strconv"

	"github.com/safezone/safezone/geo"
)

// WriteLP writes the covering problem Plan solves for o as a
// mixed-integer program in CPLEX LP format, which CBC, GLPK, HiGHS and
// others read, so that a plan can be checked against an exact solver. The
// program is the one left once the existing posts are placed: binary x_j
// for candidate j (numbered from 0 in o.Candidates order, only those that
// cover a school no existing post covers), y_i in [0, 1] for such school i,
//
//	maximise Σ w_i y_i  subject to  Σ x_j ≤ K,  y_i ≤ Σ_{j covers i} x_j.
//
// Its optimum plus the plan's ExistingWeight is the best CoveredWeight.
// It returns Plan's errors for bad options, and the first write error.
func WriteLP(x *geo.Index, w io.Writer, o Options) error {
	in, err := newInstance(x, &o)
	if err != nil {
		return err
	}
	p := in.p
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "\\ safezone patrol: K = %d, R = %g m, %d schools (weight %s) left by existing posts (weight %s), %d candidates\n",
		o.Posts, o.RadiusMeters, len(p.W), lpNum(p.Total()), lpNum(existingWeight(in)), p.Sets.Rows())
	bw.WriteString("Maximize\n obj:")
	terms := 0
	term := func(s string) {
		if terms++; terms%8 == 0 {
			bw.WriteString("\n   ")
		}
		bw.WriteString(s)
	}
	for i, wi := range p.W {
		term(" + " + lpNum(wi) + " y" + strconv.Itoa(i))
	}
	bw.WriteString("\nSubject To\n posts:")
	terms = 0
	for j := range p.Sets.Rows() {
		term(" + x" + strconv.Itoa(int(in.setCand[j])))
	}
	fmt.Fprintf(bw, " <= %d\n", o.Posts)
	for i := range int32(len(p.W)) {
		fmt.Fprintf(bw, " c%d: y%d", i, i)
		terms = 1
		for _, j := range p.Items.Row(i) {
			term(" - x" + strconv.Itoa(int(in.setCand[j])))
		}
		bw.WriteString(" <= 0\n")
	}
	bw.WriteString("Bounds\n")
	for i := range p.W {
		fmt.Fprintf(bw, " 0 <= y%d <= 1\n", i)
	}
	bw.WriteString("Binary\n")
	terms = 0
	for j := range p.Sets.Rows() {
		term(" x" + strconv.Itoa(int(in.setCand[j])))
	}
	bw.WriteString("\nEnd\n")
	return bw.Flush()
}

func existingWeight(in *instance) float64 {
	var w float64
	for s, c := range in.covered {
		if c {
			w += in.sc.weight[s]
		}
	}
	return w
}

func lpNum(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
