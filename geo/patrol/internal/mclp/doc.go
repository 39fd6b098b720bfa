// Package mclp solves the maximal covering location problem that patrol
// planning poses: choose K of the candidate sets so that the weight of the
// items they cover, together with the items already covered, is greatest.
//
// Solve runs lazy greedy (CELF), then swap local search from the greedy
// choice and from the choice at the Lagrangian multipliers, and bounds the
// optimum from above by the Lagrangian relaxation of the covering
// constraints (subgradient steps started at the submodular bound). Sets are
// compressed sparse rows (CSR). Nothing here knows about geometry.
package mclp
