// A small SVG line chart for a few series over the same time points. Series differ by colour
// and dash pattern, and the legend gives each one's latest value in words; a missing value
// (no requests in that interval) breaks the line rather than drawing a zero.
import { el, svg } from './elements.js';

const WIDTH = 300;
const HEIGHT = 90;
const PAD = 4;

/**
 * series: [{ label, values: (number|null)[], tone: 'a'|'b'|'c' }]; format(value) → text;
 * floor: the smallest top of the scale (so a quiet API does not look busy).
 */
export function lineChart({ title, series, format, floor = 1 }) {
  const all = series.flatMap((s) => s.values).filter((v) => v !== null && Number.isFinite(v));
  const peak = all.length > 0 ? Math.max(...all) : undefined;
  const top = Math.max(floor, peak ?? 0) * 1.1;
  const count = Math.max(2, ...series.map((s) => s.values.length));
  const x = (i) => PAD + (i * (WIDTH - 2 * PAD)) / (count - 1);
  const y = (v) => HEIGHT - PAD - (v / top) * (HEIGHT - 2 * PAD);
  const description = series.map((s) => `${s.label} ${latestText(s.values, format)}`).join(', ');
  const peakText = peak === undefined ? 'no requests in the window' : `peak ${format(peak)}`;

  const image = svg(
    'svg',
    { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, preserveAspectRatio: 'none', role: 'img', 'aria-label': `${title}: latest ${description}; ${peakText}`, class: 'chart' },
    svg('line', { x1: PAD, x2: WIDTH - PAD, y1: HEIGHT - PAD, y2: HEIGHT - PAD, class: 'chart-axis' }),
    series.map((s) => svg('path', { d: pathOf(s.values, x, y), class: `chart-line tone-${s.tone}` })),
  );
  return el(
    'figure',
    { class: 'chart-figure' },
    el('figcaption', {}, el('span', { class: 'chart-title' }, title), el('span', { class: 'muted' }, ` ${peakText}`)),
    image,
    el('ul', { class: 'legend' }, series.map((s) => el('li', {}, el('span', { class: `swatch tone-${s.tone}`, 'aria-hidden': 'true' }), `${s.label}: ${latestText(s.values, format)}`))),
  );
}

function pathOf(values, x, y) {
  let d = '';
  let drawing = false;
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) {
      drawing = false;
      return;
    }
    // A point alone still shows: a tiny segment, drawn as a dot by the round line caps.
    d += drawing ? `L${x(i).toFixed(1)},${y(v).toFixed(1)}` : `M${x(i).toFixed(1)},${y(v).toFixed(1)}l0.01,0`;
    drawing = true;
  });
  return d || 'M0,0';
}

function latestText(values, format) {
  for (let i = values.length - 1; i >= 0; i--) if (values[i] !== null && Number.isFinite(values[i])) return format(values[i]);
  return 'no requests';
}
