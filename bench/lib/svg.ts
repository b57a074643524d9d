/**
 * Two plain SVG chart shapes for the report, no dependency: grouped horizontal bars and a
 * percentile-latency line chart (x on a "nines" scale, y logarithmic).
 */

export const COLORS: Record<string, string> = {
  direct: '#9aa0a6',
  coderouter: '#1a73e8',
  portkey: '#e8710a',
  'claude-code-router': '#9334e6',
  balanced: '#1a73e8',
  cost: '#188038',
  quality: '#d93025',
  oracle: '#5f6368',
};
const PALETTE = ['#1a73e8', '#e8710a', '#9334e6', '#188038', '#d93025', '#5f6368'];
export const colorOf = (name: string, index = 0) => COLORS[name] ?? PALETTE[index % PALETTE.length]!;

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, sans-serif"';

export interface BarGroup {
  label: string;
  bars: Array<{ label: string; value: number; text?: string }>;
}

/** Grouped horizontal bars; `log` draws lengths on a log10 scale (values must be > 0). */
export function barChart(options: { title: string; groups: BarGroup[]; unit: string; log?: boolean; max?: number }): string {
  const barHeight = 14;
  const labelWidth = 230;
  const plotWidth = 420;
  const width = labelWidth + plotWidth + 110;
  const values = options.groups.flatMap((group) => group.bars.map((bar) => bar.value)).filter((value) => Number.isFinite(value));
  const max = options.max ?? Math.max(1e-9, ...values);
  const min = options.log ? Math.max(1e-3, Math.min(...values.filter((value) => value > 0))) / 2 : 0;
  const scale = (value: number) => {
    if (!(value > 0)) return 0;
    if (!options.log) return (Math.min(value, max) / max) * plotWidth;
    return (Math.log10(value / min) / Math.log10(max / min)) * plotWidth;
  };
  const legend = [...new Set(options.groups.flatMap((group) => group.bars.map((bar) => bar.label)))];
  let y = 52;
  const parts: string[] = [];
  for (const group of options.groups) {
    parts.push(`<text x="8" y="${y + barHeight - 3}" font-size="12" font-weight="600">${escape(group.label)}</text>`);
    group.bars.forEach((bar) => {
      const color = colorOf(bar.label, legend.indexOf(bar.label));
      const length = Math.max(1, scale(bar.value));
      parts.push(`<rect x="${labelWidth}" y="${y}" width="${length.toFixed(1)}" height="${barHeight - 2}" fill="${color}"><title>${escape(`${bar.label}: ${bar.text ?? bar.value}`)}</title></rect>`);
      parts.push(`<text x="${labelWidth + length + 4}" y="${y + barHeight - 4}" font-size="11">${escape(bar.text ?? `${bar.value}`)}</text>`);
      y += barHeight;
    });
    y += 10;
  }
  const legendItems = legend.map((label, index) => `<rect x="${8 + index * 150}" y="28" width="10" height="10" fill="${colorOf(label, index)}"/><text x="${22 + index * 150}" y="37" font-size="11">${escape(label)}</text>`);
  const height = y + 20;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${FONT}>
<rect width="100%" height="100%" fill="white"/>
<text x="8" y="18" font-size="14" font-weight="700">${escape(options.title)}</text>
${legendItems.join('\n')}
${parts.join('\n')}
<text x="${labelWidth}" y="${height - 6}" font-size="10" fill="#5f6368">${escape(options.unit)}${options.log ? ' (log scale)' : ''}</text>
</svg>
`;
}

export interface LinePanel {
  title: string;
  series: Array<{ label: string; points: Array<{ percent: number; valueUs: number }> }>;
}

/** Latency by percentile, one panel per concurrency: x = nines (p50, p90, p99, p99.9), y = ms on log10. */
export function latencyChart(options: { title: string; panels: LinePanel[] }): string {
  const panelWidth = 360;
  const panelHeight = 230;
  const margin = { left: 52, top: 48, bottom: 36 };
  const nines = (percent: number) => -Math.log10(1 - Math.min(percent, 99.95) / 100);
  const xMin = nines(1);
  const xMax = nines(99.9);
  const all = options.panels.flatMap((panel) => panel.series.flatMap((series) => series.points.map((point) => point.valueUs / 1000))).filter((value) => value > 0);
  const yMin = 10 ** Math.floor(Math.log10(Math.max(1e-3, Math.min(...all))));
  const yMax = 10 ** Math.ceil(Math.log10(Math.max(...all, yMin * 10)));
  const labels = [...new Set(options.panels.flatMap((panel) => panel.series.map((series) => series.label)))];
  const width = options.panels.length * (panelWidth + margin.left) + 20;
  const height = panelHeight + margin.top + margin.bottom + 20;
  const parts: string[] = [];
  options.panels.forEach((panel, panelIndex) => {
    const left = margin.left + panelIndex * (panelWidth + margin.left);
    const x = (percent: number) => left + ((nines(percent) - xMin) / (xMax - xMin)) * panelWidth;
    const y = (ms: number) => margin.top + panelHeight - (Math.log10(Math.max(ms, yMin) / yMin) / Math.log10(yMax / yMin)) * panelHeight;
    parts.push(`<text x="${left}" y="${margin.top - 8}" font-size="12" font-weight="600">${escape(panel.title)}</text>`);
    parts.push(`<rect x="${left}" y="${margin.top}" width="${panelWidth}" height="${panelHeight}" fill="none" stroke="#dadce0"/>`);
    for (let tick = yMin; tick <= yMax * 1.0001; tick *= 10) {
      parts.push(`<line x1="${left}" x2="${left + panelWidth}" y1="${y(tick)}" y2="${y(tick)}" stroke="#f1f3f4"/><text x="${left - 4}" y="${y(tick) + 4}" font-size="10" text-anchor="end">${tick >= 1 ? tick : tick.toPrecision(1)}</text>`);
    }
    for (const percent of [50, 90, 99, 99.9]) {
      parts.push(`<line x1="${x(percent)}" x2="${x(percent)}" y1="${margin.top}" y2="${margin.top + panelHeight}" stroke="#f1f3f4"/><text x="${x(percent)}" y="${margin.top + panelHeight + 14}" font-size="10" text-anchor="middle">p${percent}</text>`);
    }
    panel.series.forEach((series) => {
      const color = colorOf(series.label, labels.indexOf(series.label));
      const path = series.points.map((point, index) => `${index ? 'L' : 'M'}${x(point.percent).toFixed(1)},${y(point.valueUs / 1000).toFixed(1)}`).join(' ');
      parts.push(`<path d="${path}" fill="none" stroke="${color}" stroke-width="2"><title>${escape(series.label)}</title></path>`);
    });
  });
  const legend = labels.map((label, index) => `<rect x="${margin.left + index * 170}" y="24" width="10" height="10" fill="${colorOf(label, index)}"/><text x="${margin.left + 14 + index * 170}" y="33" font-size="11">${escape(label)}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${FONT}>
<rect width="100%" height="100%" fill="white"/>
<text x="8" y="16" font-size="14" font-weight="700">${escape(options.title)}</text>
${legend.join('\n')}
${parts.join('\n')}
<text x="8" y="${height - 6}" font-size="10" fill="#5f6368">latency in ms (log scale) by percentile</text>
</svg>
`;
}
