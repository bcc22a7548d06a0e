import Link from 'next/link';
import type { ReactNode } from 'react';

type Props = {
  /**
   * Render the tab title here. Next applies a not-found.tsx's metadata only for the root one;
   * elsewhere (forbidden.tsx, a nested not-found.tsx) React hoists this <title> into the head,
   * ahead of the layout's default.
   */
  withTitle?: boolean;
};

function StatusMessage({ title, withTitle = true, children }: Props & { title: string; children: ReactNode }) {
  return (
    <div className="max-w-lg space-y-4">
      {withTitle ? <title>{`${title} · Canopy`}</title> : null}
      <h1 className="text-xl font-semibold">{title}</h1>
      <p className="text-sm text-slate-700">{children}</p>
      <Link href="/" className="inline-block text-sm text-brand-700 underline">
        Go to the home page
      </Link>
    </div>
  );
}

export function NotFoundMessage(props: Props) {
  return (
    <StatusMessage title="Page not found" {...props}>
      There is nothing at this address, or it belongs to something you cannot see.
    </StatusMessage>
  );
}

export function ForbiddenMessage(props: Props) {
  return (
    <StatusMessage title="Not allowed" {...props}>
      Your Canopy role does not allow this. Ask a Canopy admin if you need it.
    </StatusMessage>
  );
}
