import { randomFor } from '../data/generate-tenant';
import type { Ticks } from '../data/ticks';
import {
  addNewAlert,
  changeAlert,
  changeIncident,
  type AlertChanges,
  type IncidentChanges,
  type NewAlertOptions,
} from './mutations';
import type { TenantData } from './tenant-data';

/**
 * Writes that did not come from live mode (API PATCHes, control calls), kept per tenant so an
 * evicted tenant can be regenerated and brought back to the same state: generate, then replay
 * the journal interleaved with live events (`after` is the live position the write followed).
 */
export type JournalWrite =
  | { kind: 'alert-changes'; actor: string; alertIds: string[]; changes: AlertChanges }
  | { kind: 'incident-changes'; actor: string; incidentId: number; changes: IncidentChanges }
  | { kind: 'add-alerts'; actor: string; count: number; options: NewAlertOptions; changes?: AlertChanges };

/** `sequence` numbers writes so generated content (new alerts) differs between writes. */
export type JournalEntry = JournalWrite & { at: Ticks; after: Ticks; sequence: number };

/** Applies an entry; returns the ids of the alerts it touched or created. */
export function applyJournalEntry(data: TenantData, entry: JournalEntry): readonly string[] {
  switch (entry.kind) {
    case 'alert-changes': {
      const touched: string[] = [];
      for (const id of entry.alertIds) {
        const alert = data.alertsById.get(id);
        if (!alert) continue;
        changeAlert(data, alert, entry.changes, entry.at, entry.actor);
        touched.push(id);
      }
      return touched;
    }
    case 'incident-changes': {
      const incident = data.incidentsById.get(entry.incidentId);
      if (!incident) return [];
      changeIncident(data, incident, entry.changes, entry.at, entry.actor);
      return incident.alertIds;
    }
    case 'add-alerts': {
      const random = randomFor(data.profile, `control|${entry.sequence}`);
      const created: string[] = [];
      for (let i = 0; i < entry.count; i++) {
        const alert = addNewAlert(data, random, entry.at, entry.options);
        if (entry.changes) changeAlert(data, alert, entry.changes, entry.at, entry.actor);
        created.push(alert.id);
      }
      return created;
    }
  }
}
