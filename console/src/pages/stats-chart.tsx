// A small SVG chart of a statistics table: the first column along the x axis, each numeric column a series
// (lines or grouped bars), with a legend; the table beside it carries the same numbers for screen readers.
import { language } from '../i18n.ts';

export interface Table {
  key: string;
  title: { ja: string; en: string };
  columns: { key: string; ja: string; en: string }[];
  rows: (string | number | null)[][];
  chart: 'line' | 'bar';
}

const COLOURS = ['#0031d8', '#ce0000', '#197a4b', '#b78f00', '#7a2cb6', '#00838f', '#595959'];
const W = 720;
const H = 240;
const PAD = 36;

export function Chart({ table }: { table: Table }) {
  // Series: the columns whose values are numbers (a text column after the first is part of the label).
  const series = table.columns
    .map((column, index) => ({ column, index }))
    .slice(1)
    .filter(({ index }) => table.rows.some((row) => typeof row[index] === 'number'));
  const labels = table.rows.map((row) =>
    table.columns
      .map((_, i) => i)
      .filter((i) => i === 0 || (typeof row[i] === 'string' && i > 0))
      .map((i) => String(row[i] ?? ''))
      .join(' '),
  );
  const max = Math.max(1, ...table.rows.flatMap((row) => series.map(({ index }) => Number(row[index] ?? 0))));
  const n = Math.max(1, table.rows.length);
  const x = (i: number) => PAD + ((W - 2 * PAD) * (i + 0.5)) / n;
  const y = (value: number) => H - PAD - ((H - 2 * PAD) * value) / max;
  const band = (W - 2 * PAD) / n;
  const barWidth = Math.max(1, (band * 0.8) / Math.max(1, series.length));
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={table.title[language()]}>
        <line x1={PAD} y1={H - PAD} x2={W - PAD} y2={H - PAD} stroke="#595959" />
        <text x={4} y={PAD} font-size="12" fill="#1a1a1a">
          {max}
        </text>
        <text x={4} y={H - PAD} font-size="12" fill="#1a1a1a">
          0
        </text>
        {series.map(({ index }, s) =>
          table.chart === 'line' ? (
            <polyline
              key={index}
              fill="none"
              stroke={COLOURS[s % COLOURS.length]}
              stroke-width="2"
              points={table.rows.map((row, i) => `${x(i)},${y(Number(row[index] ?? 0))}`).join(' ')}
            />
          ) : (
            table.rows.map((row, i) => (
              <rect
                key={`${index}-${i}`}
                x={PAD + band * i + band * 0.1 + barWidth * s}
                y={y(Number(row[index] ?? 0))}
                width={barWidth}
                height={H - PAD - y(Number(row[index] ?? 0))}
                fill={COLOURS[s % COLOURS.length]}
              />
            ))
          ),
        )}
        {n <= 16
          ? labels.map((text, i) => (
              <text key={i} x={x(i)} y={H - PAD + 16} font-size="11" text-anchor="middle" fill="#1a1a1a">
                {text.length > 12 ? `${text.slice(0, 11)}…` : text}
              </text>
            ))
          : null}
      </svg>
      <figcaption>
        <ul class="legend">
          {series.map(({ column }, s) => (
            <li key={column.key}>
              <span
                class="swatch"
                ref={(el) => el?.style.setProperty('background', COLOURS[s % COLOURS.length] ?? '#000')}
              />
              {column[language()]}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
