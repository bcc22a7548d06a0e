import { scaleLinear } from 'd3-scale';
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

/** A day's slot in the plot's coordinates (its bar: 80% of the slot, centred). */
const SLOT = 10;
const round = (n: number) => Math.round(n * 100) / 100;

/**
 * The chart, drawn once for every width: the plot is an SVG stretched to its box (each series one
 * path, its bars in day slots of a 0–100 scale), and the axis labels are HTML beside and under it
 * in a grid of the same columns, so the text keeps its size at a phone's width and a desktop's.
 * Server-rendered, with classes and no `style` attribute (blocked by the CSP) and no client script.
 */
function TimelinePlot({ days }: { days: DailyAlertCounts }) {
  // At least 4, so the ticks of a quiet month are whole numbers. `nice` ends the scale on a tick,
  // so the ticks are evenly spaced and the labels can be spread by flexbox.
  const y = scaleLinear()
    .domain([0, Math.max(4, ...days.map(total))])
    .nice(4)
    .range([100, 0]);
  const ticks = y.ticks(4);
  const paths = SERIES.map(() => '');
  days.forEach((entry, i) => {
    let base = 0;
    SERIES.forEach((series, s) => {
      const count = entry.byRank[series.rank] ?? 0;
      if (count === 0) return;
      paths[s] += `M${i * SLOT + 1} ${round(y(base + count))}h${SLOT - 2}V${round(y(base))}h-${SLOT - 2}z`;
      base += count;
    });
  });
  return (
    <div className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-2 text-xs text-slate-600">
      {/* One line-height taller than the plot and centred on it: each label is centred on its gridline. */}
      <div className="-my-2 flex h-52 flex-col-reverse justify-between text-right leading-4">
        {ticks.map((tick) => (
          <span key={tick}>{tick.toLocaleString('en')}</span>
        ))}
      </div>
      <svg
        viewBox={`0 0 ${days.length * SLOT} 100`}
        preserveAspectRatio="none"
        className="h-48 w-full"
        aria-hidden="true"
        focusable="false"
      >
        <path
          d={ticks.map((tick) => `M0 ${round(y(tick))}H${days.length * SLOT}`).join('')}
          className="stroke-slate-200"
          vectorEffect="non-scaling-stroke"
        />
        {SERIES.map((series, s) => (paths[s] ? <path key={series.rank} d={paths[s]} className={series.fill} /> : null))}
      </svg>
      {/* A cell per day (a hidden cell would shift the rest): every fifth labelled from a tablet's
          width up, every tenth on a phone, and always the last. 30 is TIMELINE_DAYS, written out
          because Tailwind only generates classes it finds whole in the source. */}
      <div className="col-start-2 mt-1 grid grid-cols-30">
        {days.map((entry, i) => {
          const always = i % 10 === 0 || i === days.length - 1;
          return always || i % 5 === 0 ? (
            <span
              key={entry.day}
              className={`flex justify-center whitespace-nowrap ${always ? '' : 'invisible sm:visible'}`}
            >
              {formatDay(entry.day)}
            </span>
          ) : (
            <span key={entry.day} />
          );
        })}
      </div>
    </div>
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
        <TimelinePlot days={days} />
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
