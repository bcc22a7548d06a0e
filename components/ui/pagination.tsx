import Link from 'next/link';

/**
 * Previous / next links with "Page n of m"; nothing when everything fits on one page. The other
 * query parameters (filters, sort) are kept.
 */
export function Pagination({
  page,
  pageCount,
  basePath,
  params,
}: {
  page: number;
  pageCount: number;
  basePath: string;
  params?: URLSearchParams;
}) {
  if (pageCount <= 1) return null;
  const href = (target: number) => {
    const query = new URLSearchParams(params);
    query.set('page', String(target));
    return `${basePath}?${query.toString()}`;
  };
  const link = 'rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-100';
  return (
    <nav aria-label="Pagination" className="flex items-center gap-3 text-sm">
      {page > 1 ? (
        <Link href={href(page - 1)} className={link} rel="prev">
          Previous
        </Link>
      ) : null}
      <span className="text-slate-700">
        Page {page} of {pageCount}
      </span>
      {page < pageCount ? (
        <Link href={href(page + 1)} className={link} rel="next">
          Next
        </Link>
      ) : null}
    </nav>
  );
}
