import Link from 'next/link';

const LINK = 'rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-100';

/**
 * Newest / Newer / Older links of a keyset-paged list (cursors in `before` and `after`), the
 * filters kept; nothing when everything fits on the first page.
 */
export function KeysetPagination({
  basePath,
  filters,
  paged,
  newerCursor,
  olderCursor,
}: {
  basePath: string;
  filters: URLSearchParams;
  /** Whether this page was reached from a cursor (then "Newest" leads back to the first page). */
  paged: boolean;
  newerCursor: string | null;
  olderCursor: string | null;
}) {
  if (!paged && !newerCursor && !olderCursor) return null;
  const href = (cursor?: { before: string } | { after: string }) => {
    const params = new URLSearchParams(filters);
    for (const [key, value] of Object.entries(cursor ?? {})) params.set(key, value);
    return params.size > 0 ? `${basePath}?${params.toString()}` : basePath;
  };
  return (
    <nav aria-label="Pagination" className="flex flex-wrap items-center gap-3 text-sm">
      {paged ? (
        <Link href={href()} className={LINK}>
          Newest
        </Link>
      ) : null}
      {newerCursor ? (
        <Link href={href({ after: newerCursor })} className={LINK} rel="prev">
          Newer
        </Link>
      ) : null}
      {olderCursor ? (
        <Link href={href({ before: olderCursor })} className={LINK} rel="next">
          Older
        </Link>
      ) : null}
    </nav>
  );
}
