import { useId } from 'react';
import { compactNumber, quarterBars } from './plan-extras';
import type { QuarterFigure } from './plans-api';

const WIDTH = 320;
const HEIGHT = 140;
const AXIS = 20;
const BAR = 18;

/**
 * Quarter targets against actuals as paired bars in plain SVG. The SVG is one labelled image for assistive
 * tech; the same figures follow in a table (visually hidden) that screen readers and keyboard users can read.
 */
export function QuarterChart({
  title,
  quarters,
  unit,
}: {
  title: string;
  quarters: readonly QuarterFigure[];
  unit?: string;
}) {
  const id = useId();
  const bars = quarterBars(quarters);
  if (bars.length === 0) return null;
  const slot = WIDTH / bars.length;
  const plot = HEIGHT - AXIS;
  const summary = bars
    .map((b) => `Q${b.quarter}: ${compactNumber(b.actual)} of ${compactNumber(b.target)}`)
    .join(', ');
  return (
    <figure className="quarter-chart" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`}>{title}: quarterly breakdown</figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={`${title} by quarter, actual of target: ${summary}`}
        preserveAspectRatio="xMidYMid meet"
      >
        <line x1={0} y1={plot} x2={WIDTH} y2={plot} className="chart-axis" />
        {bars.map((b, index) => {
          const x = index * slot + slot / 2;
          const targetHeight = b.targetShare * (plot - 14);
          const actualHeight = b.actualShare * (plot - 14);
          return (
            <g key={b.quarter}>
              <rect
                x={x - BAR - 2}
                y={plot - targetHeight}
                width={BAR}
                height={targetHeight}
                className="chart-target"
              />
              <rect
                x={x + 2}
                y={plot - actualHeight}
                width={BAR}
                height={actualHeight}
                className={b.percent !== null && b.percent >= 100 ? 'chart-actual chart-met' : 'chart-actual'}
              />
              <text x={x} y={plot - Math.max(targetHeight, actualHeight) - 3} className="chart-value">
                {b.percent === null ? compactNumber(b.actual) : `${b.percent}%`}
              </text>
              <text x={x} y={HEIGHT - 5} className="chart-label">
                Q{b.quarter}
              </text>
            </g>
          );
        })}
      </svg>
      <p className="chart-legend" aria-hidden="true">
        <span className="legend-target">Target</span> <span className="legend-actual">Actual</span>
      </p>
      <table className="visually-hidden">
        <caption>{title} by quarter</caption>
        <thead>
          <tr>
            <th scope="col">Quarter</th>
            <th scope="col">Target{unit ? ` (${unit})` : ''}</th>
            <th scope="col">Actual{unit ? ` (${unit})` : ''}</th>
            <th scope="col">Reached</th>
          </tr>
        </thead>
        <tbody>
          {bars.map((b) => (
            <tr key={b.quarter}>
              <th scope="row">Q{b.quarter}</th>
              <td>{b.target}</td>
              <td>{b.actual}</td>
              <td>{b.percent === null ? '—' : `${b.percent}%`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
