/**
 * A streamed CSV download named after what it holds and today's date (UTC), e.g.
 * `canopy-alerts-2026-11-30.csv`; never cached, since it holds customers' data.
 */
export function csvResponse(body: ReadableStream<Uint8Array>, options: { name: string; now: Date }): Response {
  const filename = `canopy-${options.name}-${options.now.toISOString().slice(0, 10)}.csv`;
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': 'no-store',
    },
  });
}
