import { barLength } from './barScale';

export interface Bar { label: string; value: number; text: string }

/**
 * A small horizontal bar chart drawn as SVG (no chart library: it is one shape). The numbers are also in the
 * page's table next to it; the chart itself is one labelled image to screen readers. `floor` is the least value the
 * full length stands for, so tiny values are not drawn full length; zero is no bar.
 */
export function BarChart({ bars, label, floor = 0 }: { bars: Bar[]; label: string; floor?: number }) {
  const rowHeight = 28;
  const labelWidth = 150;
  const width = 560;
  const largest = Math.max(...bars.map(b => b.value), 0);
  const height = bars.length * rowHeight + 8;
  return (
    <svg className="chart" role="img" aria-label={label} viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="xMinYMin meet">
      {bars.map((bar, i) => {
        const y = i * rowHeight + 4;
        const barWidth = barLength(bar.value, largest, width - labelWidth - 90, floor);
        return (
          <g key={bar.label}>
            <text x={labelWidth - 8} y={y + 17} textAnchor="end" className="chart-label">{shorten(bar.label)}</text>
            {barWidth > 0 && <rect x={labelWidth} y={y + 4} width={Math.max(barWidth, 1)} height={rowHeight - 10} rx={3} className="chart-bar" />}
            <text x={labelWidth + barWidth + 6} y={y + 17} className="chart-value">{bar.text}</text>
          </g>
        );
      })}
    </svg>
  );
}

function shorten(text: string): string {
  return text.length > 18 ? `${text.slice(0, 17)}…` : text;
}
