// Bar charts in plain SVG: one bar a row, each bar split into coloured
// segments, its total at the end. A click on a row calls back with its key.

import { el } from './ui.js';

const width = 340;
const labelWidth = 78;
const barWidth = 210;
const rowHeight = 24;

// svg makes an SVG element; Leaflet's L.SVG.create gives it the SVG namespace.
function svg(tag, attrs = {}, ...children) {
  const e = L.SVG.create(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

/**
 * barChart draws rows [{key, label, segments: [{key, color, count, label}]}]
 * scaled to the largest total. id names the chart; onClick(key) is called
 * when a row is clicked.
 */
export function barChart(id, title, rows, onClick) {
  const max = Math.max(1, ...rows.map((r) => r.segments.reduce((n, s) => n + s.count, 0)));
  const chart = svg('svg', {
    id, class: 'chart', role: 'img', 'aria-label': title,
    viewBox: `0 0 ${width} ${rows.length * rowHeight + 4}`, width, height: rows.length * rowHeight + 4,
  });
  rows.forEach((r, i) => {
    const y = i * rowHeight + 2;
    const total = r.segments.reduce((n, s) => n + s.count, 0);
    const g = svg('g', { class: 'bar', 'data-key': r.key, 'data-total': total, transform: `translate(0,${y})` },
      svg('text', { x: labelWidth - 6, y: 16, 'text-anchor': 'end' }, r.label));
    let x = labelWidth;
    for (const s of r.segments) {
      if (!s.count) continue;
      const w = Math.max(2, (s.count / max) * barWidth);
      g.append(svg('rect', { x, y: 3, width: w, height: rowHeight - 8, fill: s.color, 'data-key': s.key, 'data-count': s.count },
        svg('title', {}, `${s.label} ${s.count}`)));
      x += w;
    }
    g.append(svg('text', { x: x + 4, y: 16, class: 'total' }, String(total)));
    if (onClick) g.addEventListener('click', () => onClick(r.key));
    chart.append(g);
  });
  return el('figure', { class: 'chart-box' }, el('figcaption', {}, title), chart);
}

/** legend names the colours of a chart's segments. */
export function legend(items) {
  return el('ul', { class: 'legend chart-legend' }, items.map(({ color, label }) => el('li', {},
    el('span', { class: 'dot', style: `background:${color}` }), label)));
}
