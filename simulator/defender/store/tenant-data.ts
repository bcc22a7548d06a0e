import type { TenantDataset } from '../data/generate-tenant';
import type { AlertRecord, Device, IncidentRecord, TenantProfile, TenantUser } from '../data/model';
import type { Ticks } from '../data/ticks';
import { SortedList } from './sorted-list';

/**
 * A tenant's Defender data with the indexes queries use: by id, and ordered by last update time
 * (the field every poller filters on). All changes go through the methods here or through
 * `mutations.ts`, which keep the indexes right.
 */
export class TenantData {
  readonly profile: TenantProfile;
  readonly devices: Device[];
  readonly users: TenantUser[];
  readonly analysts: string[];
  readonly alertsById = new Map<string, AlertRecord>();
  readonly incidentsById = new Map<number, IncidentRecord>();
  readonly alertsByUpdate: SortedList<AlertRecord>;
  readonly incidentsByUpdate: SortedList<IncidentRecord>;
  nextIncidentId: number;
  nextInvestigationId: number;
  /** Live-mode position: events up to this instant have been applied. */
  processedUntil: Ticks;
  liveEventCount = 0;

  constructor(dataset: TenantDataset) {
    this.profile = dataset.profile;
    this.devices = dataset.devices;
    this.users = dataset.users;
    this.analysts = dataset.analysts;
    for (const alert of dataset.alerts) this.alertsById.set(alert.id, alert);
    for (const incident of dataset.incidents) this.incidentsById.set(incident.incidentId, incident);
    this.alertsByUpdate = new SortedList(
      dataset.alerts,
      (alert) => alert.lastUpdateTime,
      (alert) => alert.id,
    );
    this.incidentsByUpdate = new SortedList(
      dataset.incidents,
      (incident) => incident.lastUpdateTime,
      (incident) => incident.incidentId,
    );
    this.nextIncidentId = dataset.nextIncidentId;
    this.nextInvestigationId = dataset.nextInvestigationId;
    this.processedUntil = dataset.profile.anchor;
  }

  get alertCount(): number {
    return this.alertsById.size;
  }

  alertsOf(incident: IncidentRecord): AlertRecord[] {
    return incident.alertIds
      .map((id) => this.alertsById.get(id))
      .filter((alert): alert is AlertRecord => alert !== undefined);
  }

  addAlert(alert: AlertRecord): void {
    this.alertsById.set(alert.id, alert);
    this.alertsByUpdate.insert(alert);
  }

  addIncident(incident: IncidentRecord): void {
    this.incidentsById.set(incident.incidentId, incident);
    this.incidentsByUpdate.insert(incident);
  }

  touchAlert(alert: AlertRecord, at: Ticks): void {
    this.alertsByUpdate.reposition(alert, () => {
      alert.lastUpdateTime = at;
    });
  }

  touchIncident(incident: IncidentRecord, at: Ticks): void {
    this.incidentsByUpdate.reposition(incident, () => {
      incident.lastUpdateTime = at;
    });
  }
}
