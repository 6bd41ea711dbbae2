// The bench's pictures: SVG charts of a results object (bench/results.json), drawn server-side by
// Apache ECharts (its SSR renderer), never hand-written SVG.
// - ratios: every judged ratio with its spread over the rounds (whiskers: min–max) and its target
//   as a line, plus throughput: one bar per scenario and variant, whiskers over the rounds;
// - latency: the latency model's TTFB p50 per path, setting and variant.
import * as echarts from 'echarts';

const WIDTH = 960;
const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#64748b', '#ca8a04'];

const shorten = (text, max = 62) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Judged ratios (not milliseconds, counts or yes/no): the value, its rounds and a numeric target. */
export function ratioRows(results) {
  return (results.targets ?? [])
    .filter((t) => typeof t.value === 'number' && Array.isArray(t.rounds) && t.rounds.length > 0)
    .filter((t) => /^(>=|<=)\s*[\d.]+$/.test(t.target) && !/ms$/.test(t.label))
    .map((t) => ({
      id: t.id,
      label: shorten(t.label.replace(/\s*\(.*\)$/, '')),
      value: t.value,
      min: Math.min(...t.rounds),
      max: Math.max(...t.rounds),
      target: Number(t.target.replace(/^(>=|<=)\s*/, '')),
      direction: t.target.startsWith('>=') ? 'at least' : 'at most',
      verdict: t.verdict,
    }));
}

function render(option, height) {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height });
  chart.setOption({ animation: false, backgroundColor: '#ffffff', textStyle: { fontFamily: 'sans-serif' }, ...option });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

/** A custom series drawing min–max whiskers (`[category, min, max]` rows) on a horizontal bar chart. */
function whiskers(data, axes) {
  return {
    type: 'custom',
    name: 'spread (min–max)',
    silent: true,
    z: 10,
    ...axes,
    encode: { x: [1, 2], y: 0 },
    data,
    renderItem(params, api) {
      const low = api.coord([api.value(1), api.value(0)]);
      const high = api.coord([api.value(2), api.value(0)]);
      const cap = Math.max(3, api.size([0, 1])[1] * 0.18);
      const style = { stroke: '#111827', lineWidth: 1.2 };
      const line = (x1, y1, x2, y2) => ({ type: 'line', shape: { x1, y1, x2, y2 }, style });
      const y = low[1];
      return { type: 'group', children: [line(low[0], y, high[0], y), line(low[0], y - cap, low[0], y + cap), line(high[0], y - cap, high[0], y + cap)] };
    },
  };
}

/** 'holds', 'within spread' (the target is inside the measured spread) or 'missed'; "(report only)" aside. */
const verdictOf = (row) => (row.verdict.startsWith('holds') ? 'holds' : row.verdict.startsWith('within-spread') ? 'within spread' : 'missed');

/** Judged ratios against their targets, then throughput: one bar per scenario and variant. */
export function ratiosChart(results) {
  const rows = ratioRows(results);
  const throughput = results.throughput ?? [];
  const variants = [...new Set(throughput.map((t) => t.variant))];
  const colorOf = (variant) => PALETTE[variants.indexOf(variant) % PALETTE.length];
  const ROW = 30;
  const ratioTop = 56;
  const ratioHeight = rows.length * ROW;
  const tputTop = ratioTop + ratioHeight + 80;
  const height = tputTop + throughput.length * 24 + 40;
  const pick = (t) => [t.cpuMedian ?? t.median, t.cpuMin ?? t.min, t.cpuMax ?? t.max];
  const first = { xAxisIndex: 0, yAxisIndex: 0 };
  const second = { xAxisIndex: 1, yAxisIndex: 1 };
  const axisLabel = { width: 420, overflow: 'truncate', fontSize: 11 };
  return render(
    {
      title: [
        { text: `Judged ratios: median of ${results.settings?.rounds ?? '?'} alternated rounds, whiskers min–max (${results.mode ?? ''} run, Node ${results.node ?? '?'}, ${results.cores ?? '?'} cores)`, left: 10, top: 6, textStyle: { fontSize: 13 } },
        { text: 'Throughput per server CPU-second (req/s), by scenario and variant; whiskers min–max over the rounds', left: 10, top: tputTop - 40, textStyle: { fontSize: 13 } },
      ],
      legend: { data: ['holds', 'within spread', 'missed', 'target'], top: 28, left: 10, itemGap: 30 },
      grid: [
        { left: 440, right: 40, top: ratioTop, height: ratioHeight },
        { left: 440, right: 40, top: tputTop, height: throughput.length * 24 },
      ],
      xAxis: [
        { gridIndex: 0, type: 'value', min: 0 },
        { gridIndex: 1, type: 'value', min: 0 },
      ],
      yAxis: [
        { gridIndex: 0, type: 'category', inverse: true, axisLabel, data: rows.map((r) => `${r.label} (${r.direction === 'at least' ? '≥' : '≤'} ${r.target})`) },
        { gridIndex: 1, type: 'category', inverse: true, axisLabel, data: throughput.map((t) => `${t.scenario} · ${t.variant}`) },
      ],
      series: [
        ...['holds', 'within spread', 'missed'].map((verdict) => ({
          type: 'bar',
          name: verdict,
          ...first,
          stack: 'ratio',
          barWidth: 14,
          itemStyle: { color: { holds: PALETTE[0], 'within spread': '#94a3b8', missed: PALETTE[1] }[verdict] },
          label: { show: true, position: 'insideLeft', color: '#ffffff', fontSize: 10, formatter: ({ value }) => (value ? value.toFixed(2) : '') },
          data: rows.map((r) => (verdictOf(r) === verdict ? r.value : null)),
        })),
        whiskers(rows.map((r, i) => [i, r.min, r.max]), first),
        { type: 'scatter', name: 'target', ...first, symbol: 'rect', symbolSize: [3, 24], itemStyle: { color: '#f59e0b' }, data: rows.map((r, i) => [r.target, i]) },
        ...variants.map((variant) => ({
          type: 'bar',
          name: variant,
          ...second,
          stack: 'throughput',
          barWidth: 14,
          itemStyle: { color: colorOf(variant) },
          data: throughput.map((t) => (t.variant === variant ? pick(t)[0] : null)),
        })),
        whiskers(throughput.map((t, i) => [i, pick(t)[1], pick(t)[2]]), second),
      ],
    },
    height,
  );
}

/** The latency model: TTFB p50 per path and setting, one bar per variant (lower is better). */
export function latencyChart(results) {
  const latency = results.latency ?? [];
  const slots = [...new Set(latency.map((l) => `${l.setting}: ${l.path}`))];
  const variants = [...new Set(latency.map((l) => l.label))];
  const height = 110 + slots.length * 16 * Math.max(1, variants.length) + slots.length * 14;
  const cell = (slot, label) => latency.find((l) => `${l.setting}: ${l.path}` === slot && l.label === label);
  return render(
    {
      title: { text: 'Latency model: time to first byte, p50 (ms; KV/DB delay per call: in-region 2/5 ms, cross-region 15/40 ms)', left: 10, top: 4, textStyle: { fontSize: 14 } },
      legend: { data: variants, top: 30, left: 10, itemGap: 36 },
      grid: { left: 260, right: 60, top: 70, bottom: 30 },
      xAxis: { type: 'value', name: 'ms', min: 0 },
      yAxis: { type: 'category', data: slots, inverse: true, axisLabel: { fontSize: 11 } },
      series: variants.map((label, v) => ({
        type: 'bar',
        name: label,
        itemStyle: { color: PALETTE[v % PALETTE.length] },
        barGap: '10%',
        label: { show: true, position: 'right', fontSize: 9, formatter: ({ value }) => (value == null ? '' : String(value)) },
        data: slots.map((slot) => cell(slot, label)?.p50 ?? null),
      })),
    },
    height,
  );
}
