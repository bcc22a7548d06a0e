import { scaleBand, scaleLinear } from 'd3-scale';
import { stack } from 'd3-shape';
import type { DailyAlertCounts } from '@/lib/alerts/count-alerts';

/** Stacked most severe at the bottom; colours repeat the legend's words, never replace them. */
const SERIES = [
  { rank: 4, label: 'High', fill: 'fill-red-600' },
  { rank: 3, label: 'Medium', fill: 'fill-amber-500' },
  { rank: 2, label: 'Low', fill: 'fill-sky-600' },
  { rank: 1, label: 'Informational', fill: 'fill-slate-400' },
  { rank: 0, label: 'Unspecified', fill: 'fill-slate-300' },
] as const;

const dayLabel = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const formatDay = (day: string) => dayLabel.format(new Date(`${day}T00:00:00Z`));
const total = (entry: DailyAlertCounts[number]) => SERIES.reduce((sum, s) => sum + (entry.byRank[s.rank] ?? 0), 0);

/**
 * One drawing of the chart. d3-scale and d3-shape only compute positions; React renders the SVG on
 * the server with presentation attributes and classes, no `style` attribute (blocked by the CSP)
 * and no client script. Drawn at a phone's width and a desktop's, so its text stays readable.
 */
function TimelineSvg({ days, width, labelEvery }: { days: DailyAlertCounts; width: number; labelEvery: number }) {
  const height = 200;
  const margin = { top: 10, right: 20, bottom: 24, left: 36 };
  const x = scaleBand<string>()
    .domain(days.map((d) => d.day))
    .range([margin.left, width - margin.right])
    .padding(0.2);
  const y = scaleLinear()
    .domain([0, Math.max(1, ...days.map(total))])
    .nice(4)
    .range([height - margin.bottom, margin.top]);
  const layers = stack<DailyAlertCounts[number], number>()
    .keys(SERIES.map((s) => s.rank))
    .value((entry, rank) => entry.byRank[rank] ?? 0)(days);
  return (
    <svg viewBox={`0 0 ${width} ${height}`} className="h-auto w-full" aria-hidden="true" focusable="false">
      {y.ticks(4).map((tick) => (
        <g key={tick}>
          <line x1={margin.left} x2={width - margin.right} y1={y(tick)} y2={y(tick)} className="stroke-slate-200" />
          <text x={margin.left - 6} y={y(tick)} dy="0.32em" textAnchor="end" fontSize={11} className="fill-slate-600">
            {tick}
          </text>
        </g>
      ))}
      {layers.map((layer, i) => (
        <g key={SERIES[i]!.rank} className={SERIES[i]!.fill}>
          {layer.map((point) =>
            point[1] > point[0] ? (
              <rect
                key={point.data.day}
                x={x(point.data.day)}
                y={y(point[1])}
                width={x.bandwidth()}
                height={y(point[0]) - y(point[1])}
              />
            ) : null,
          )}
        </g>
      ))}
      {days.map((entry, i) =>
        i % labelEvery === 0 || i === days.length - 1 ? (
          <text
            key={entry.day}
            x={(x(entry.day) ?? 0) + x.bandwidth() / 2}
            y={height - 8}
            textAnchor="middle"
            fontSize={11}
            className="fill-slate-600"
          >
            {formatDay(entry.day)}
          </text>
        ) : null,
      )}
    </svg>
  );
}

/**
 * Alerts created per day by severity over the last 30 days, from the daily rollup. For screen
 * readers the figure is one image with a summary, and the numbers are in a table below it, which
 * also serves anyone who cannot tell the colours apart or wants exact counts. The table is a view
 * of its own (`numbers`: a plain link there and back, to the table's anchor, so the browser moves
 * reading and focus to it): it is a fifth of the page's weight that most views never open.
 */
export function AlertTimelineChart({
  days,
  scope,
  numbers,
}: {
  days: DailyAlertCounts;
  scope: string;
  /** Whether the table is shown, and the link that shows or hides it. */
  numbers: { shown: boolean; href: string };
}) {
  const sum = days.reduce((acc, entry) => acc + total(entry), 0);
  const busiest = days.reduce((best, entry) => (total(entry) > total(best) ? entry : best), days[0]!);
  const summary =
    sum === 0
      ? `No alerts created in the last 30 days (${scope}).`
      : `${sum.toLocaleString('en')} alerts created in the last 30 days (${scope}); the busiest day was ${formatDay(busiest.day)} with ${total(busiest).toLocaleString('en')}.`;
  return (
    <figure aria-labelledby="alert-timeline-title" className="rounded-lg border border-slate-200 bg-white p-4 text-sm">
      <h2 id="alert-timeline-title" className="font-semibold">
        Alerts over time
      </h2>
      <figcaption className="mt-1 text-slate-700">{summary} Days are UTC.</figcaption>
      <div role="img" aria-label={`Stacked bar chart: alerts per day by severity. ${summary}`} className="mt-3">
        <div className="sm:hidden">
          <TimelineSvg days={days} width={360} labelEvery={10} />
        </div>
        <div className="hidden sm:block">
          <TimelineSvg days={days} width={760} labelEvery={5} />
        </div>
      </div>
      <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1" aria-label="Legend">
        {SERIES.map((s) => (
          <li key={s.rank} className="flex items-center gap-1.5">
            <svg viewBox="0 0 10 10" className="size-3" aria-hidden="true" focusable="false">
              <rect width={10} height={10} className={s.fill} />
            </svg>
            {s.label}
          </li>
        ))}
      </ul>
      {numbers.shown ? (
        <div id="alert-numbers" tabIndex={-1} className="mt-3">
          <div className="overflow-x-auto">
            <table className="w-full text-left text-xs">
              <caption className="sr-only">Alerts created per day (UTC) by severity, last 30 days</caption>
              <thead>
                <tr>
                  <th scope="col" className="py-1 pr-3 font-medium">
                    Day
                  </th>
                  {SERIES.map((s) => (
                    <th key={s.rank} scope="col" className="py-1 pr-3 text-right font-medium">
                      {s.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {days.map((entry) => (
                  <tr key={entry.day} className="border-t border-slate-100">
                    <th scope="row" className="py-1 pr-3 font-normal whitespace-nowrap">
                      {formatDay(entry.day)}
                    </th>
                    {SERIES.map((s) => (
                      <td key={s.rank} className="py-1 pr-3 text-right tabular-nums">
                        {entry.byRank[s.rank] ?? 0}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <a href={numbers.href} className="mt-2 inline-block text-brand-700 underline">
            Hide the numbers
          </a>
        </div>
      ) : (
        <a href={numbers.href} className="mt-3 inline-block text-brand-700 underline">
          Show the numbers
        </a>
      )}
    </figure>
  );
}
