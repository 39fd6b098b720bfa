#!/usr/bin/env bash
# plot.sh TSV PNG draws time against data size for safezone and PostGIS
# from the table scripts/bench-postgis.sh writes, with gnuplot.
set -euo pipefail
tsv=$1 png=$2
gnuplot <<GP
set terminal pngcairo size 900,560 font "sans,11"
set output "$png"
set datafile separator "\t"
set datafile commentschars "#"
set key top left Left reverse box opaque
set yrange [0.001:10000]
set logscale xy
set grid
set format x "%.0s%c"
set xlabel "features (schools + businesses + water bodies)"
set ylabel "seconds"
set title "Audit of every business and water body against every school: safezone vs PostGIS"
plot "$tsv" using 3:14 with linespoints lw 2 pt 7 title "PostGIS: load + index + join", \
     "$tsv" using 3:13 with linespoints lw 2 pt 5 title "PostGIS: join alone (ST\\\\_DWithin + ST\\\\_Distance on geography)", \
     "$tsv" using 3:9  with linespoints lw 2 pt 7 title "safezone audit: whole process (read, index, audit, write CSV)", \
     "$tsv" using 3:7  with linespoints lw 2 pt 5 title "safezone: audit alone"
GP
