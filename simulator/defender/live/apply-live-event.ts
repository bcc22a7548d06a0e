import { pickClassification, randomFor } from '../data/generate-tenant';
import type { AlertRecord } from '../data/model';
import type { Ticks } from '../data/ticks';
import { addNewAlert, changeAlert, joinableIncidents } from '../store/mutations';
import type { TenantData } from '../store/tenant-data';

/**
 * One live-mode event: a new alert arrives (a third of them join an open incident) and one open
 * alert moves on (gets an owner, goes InProgress, or is resolved with a classification).
 * Everything random comes from (tenant seed, event number), so replaying the same events on a
 * regenerated tenant gives the same result.
 */
export function applyLiveEvent(data: TenantData, at: Ticks, eventNumber: number): void {
  const random = randomFor(data.profile, `live|${eventNumber}`);

  const open = joinableIncidents(data, at);
  const join = open.length > 0 && random.chance(0.35) ? random.pick(open) : undefined;
  const arrived = addNewAlert(data, random, at, { incidentId: join?.incidentId });

  const candidates: AlertRecord[] = [];
  for (const alert of data.alertsById.values())
    if (alert.status !== 'Resolved' && alert !== arrived) candidates.push(alert);
  if (candidates.length === 0) return;
  const alert = random.pick(candidates);
  const analyst = random.pick(data.analysts);
  if (alert.status === 'New' && alert.assignedTo === null) {
    changeAlert(
      data,
      alert,
      { assignedTo: analyst, ...(random.chance(0.5) ? { status: 'InProgress' as const } : {}) },
      at,
      analyst,
    );
  } else if (alert.status === 'New') {
    changeAlert(data, alert, { status: 'InProgress' }, at, alert.assignedTo ?? analyst);
  } else {
    const verdict = pickClassification(random);
    changeAlert(
      data,
      alert,
      { status: 'Resolved', ...verdict, ...(alert.assignedTo === null ? { assignedTo: analyst } : {}) },
      at,
      alert.assignedTo ?? analyst,
    );
  }
}
