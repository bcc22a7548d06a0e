import { ForbiddenMessage } from '@/components/layout/status-messages';

/** forbidden() in a portal page: rendered inside the portal's layout, which already has the header. */
export default function Forbidden() {
  return <ForbiddenMessage />;
}
