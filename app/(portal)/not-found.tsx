import { NotFoundMessage } from '@/components/layout/status-messages';

/** notFound() in a portal page: rendered inside the portal's layout, which already has the header. */
export default function NotFound() {
  return <NotFoundMessage />;
}
