import type { Router } from '../router';
import {
  handleAddGraphAlertComment,
  handleAddGraphIncidentComment,
  handleGetGraphAlert,
  handleGetGraphIncident,
  handleUpdateGraphAlert,
  handleUpdateGraphIncident,
} from './graph/item-handlers';
import { handleListGraphAlerts, handleListGraphIncidents } from './graph/list-handlers';
import { handleBatchUpdate, handleGetAlert, handleListAlerts, handleUpdateAlert } from './mde/alert-handlers';
import { handleGetIncident, handleListIncidents, handleUpdateIncident } from './xdr/incident-handlers';

const GET = ['GET'] as const;

/**
 * The Defender APIs under literal prefixes on the simulator's origin (Canopy's `simulator`
 * preset): Defender for Endpoint at `/mde`, Defender XDR at `/xdr`, Microsoft Graph at `/graph`.
 * Register before Entra's `/:tenant/...` routes. Path matching is case-insensitive (`alerts_V2`).
 */
export function registerDefenderRoutes(router: Router): void {
  for (const base of ['/mde/api', '/mde/api/v1.0']) {
    router
      .add(GET, `${base}/alerts`, handleListAlerts)
      // Before `/alerts/:id`, so "batchUpdate" is not taken for an alert id.
      .add(['POST'], `${base}/alerts/batchUpdate`, handleBatchUpdate)
      .add(GET, `${base}/alerts/:id`, handleGetAlert)
      .add(['PATCH'], `${base}/alerts/:id`, handleUpdateAlert);
  }
  router
    .add(GET, '/xdr/api/incidents', handleListIncidents)
    .add(GET, '/xdr/api/incidents/:id', handleGetIncident)
    .add(['PATCH'], '/xdr/api/incidents/:id', handleUpdateIncident)
    .add(GET, '/graph/v1.0/security/alerts_v2', handleListGraphAlerts)
    .add(GET, '/graph/v1.0/security/alerts_v2/:id', handleGetGraphAlert)
    .add(['PATCH'], '/graph/v1.0/security/alerts_v2/:id', handleUpdateGraphAlert)
    .add(['POST'], '/graph/v1.0/security/alerts_v2/:id/comments', handleAddGraphAlertComment)
    .add(GET, '/graph/v1.0/security/incidents', handleListGraphIncidents)
    .add(GET, '/graph/v1.0/security/incidents/:id', handleGetGraphIncident)
    .add(['PATCH'], '/graph/v1.0/security/incidents/:id', handleUpdateGraphIncident)
    .add(['POST'], '/graph/v1.0/security/incidents/:id/comments', handleAddGraphIncidentComment);
}
