import 'server-only';
import type { Db } from '@/lib/db/client';

/**
 * Marks the events whose actor is a B2B guest of the partner tenant, so the audit log says so next
 * to the name. An audit row keeps the actor's id and name only; whether they are a guest is their
 * staff user's (set from the `idp` claim at every sign-in), one query for the whole page.
 */
export async function markGuestActors<T extends { actorId: string | null }>(
  db: Db,
  events: T[],
): Promise<(T & { actorIsGuest: boolean })[]> {
  const actorIds = [...new Set(events.flatMap((event) => (event.actorId ? [event.actorId] : [])))];
  const guests =
    actorIds.length === 0
      ? []
      : await db.staffUser.findMany({ where: { id: { in: actorIds }, isGuest: true }, select: { id: true } });
  const guestIds = new Set(guests.map((guest) => guest.id));
  return events.map((event) => ({ ...event, actorIsGuest: event.actorId !== null && guestIds.has(event.actorId) }));
}
