import type { IncidentRecord } from '../data/model';
import { admit, type ApiSpec, type Caller } from '../guard';
import { sendApiError } from '../http/errors';
import { readJsonBody } from '../http/read-json';
import { sendOData } from '../http/send-odata';
import { RATE_POLICIES } from '../limits/rate-limiter';
import { prepareQuery } from '../odata/prepare-query';
import { runQuery } from '../odata/run-query';
import type { TenantData } from '../store/tenant-data';
import type { RequestContext } from '../../router';
import { XDR_INCIDENT_FILTER, XDR_INCIDENT_QUERY } from './incident-filter-schema';
import { xdrIncident } from './incident-wire';
import { parseIncidentUpdate } from './parse-incident-update';

const CONTEXT = 'https://api.security.microsoft.com/api/$metadata#Incidents';
const READ_ROLES = ['Incident.ReadWrite.All', 'Incident.Read.All'];
const LIST: ApiSpec = { api: 'xdr', roles: READ_ROLES, policy: RATE_POLICIES.xdrList };
const GET: ApiSpec = { api: 'xdr', roles: READ_ROLES, policy: RATE_POLICIES.xdrGet };
const UPDATE: ApiSpec = { api: 'xdr', roles: ['Incident.ReadWrite.All'], policy: RATE_POLICIES.xdrUpdate };

/** `GET /api/incidents`: most recent first, i.e. lastUpdateTime descending, then incidentId descending. */
export async function handleListIncidents(ctx: RequestContext): Promise<void> {
  const caller = await admit(ctx, LIST);
  if (!caller) return;
  const query = prepareQuery(caller, ctx.url.searchParams, XDR_INCIDENT_QUERY, XDR_INCIDENT_FILTER, 'lastUpdateTime');
  if (!query) return;
  const data = ctx.services.defender.tenants.get(caller.tenant);
  const page = runQuery(data.incidentsByUpdate, query.filter, {
    descending: true,
    skip: query.options.skip,
    top: query.options.top,
    countAll: false,
  });
  const faults = ctx.services.defender.faults;
  const value = page.items.map((incident) =>
    xdrIncident(data, incident, (alert) => faults.overrideAlert(caller.tenant.id, 'xdr', alert.alertId, alert)),
  );
  sendOData(ctx.res, { '@odata.context': CONTEXT, value });
}

/** The incident named by the path in the caller's tenant, or an error already sent. */
function findIncident(ctx: RequestContext, caller: Caller, data: TenantData): IncidentRecord | undefined {
  const raw = ctx.params.id ?? '';
  if (!/^\d{1,15}$/.test(raw)) {
    sendApiError(caller.errors, 400, 'BadRequest', `The key value '${raw}' is not valid for type 'Edm.Int64'.`);
    return undefined;
  }
  const incident = data.incidentsById.get(Number(raw));
  if (!incident) sendApiError(caller.errors, 404, 'ResourceNotFound', `Incident ${raw} was not found`);
  return incident;
}

export async function handleGetIncident(ctx: RequestContext): Promise<void> {
  const caller = await admit(ctx, GET);
  if (!caller) return;
  const data = ctx.services.defender.tenants.get(caller.tenant);
  const incident = findIncident(ctx, caller, data);
  if (!incident) return;
  sendOData(ctx.res, { '@odata.context': `${CONTEXT}/$entity`, ...xdrIncident(data, incident) });
}

/** `PATCH /api/incidents/{id}`: resolving resolves the incident's alerts; assigning assigns them. */
export async function handleUpdateIncident(ctx: RequestContext): Promise<void> {
  const caller = await admit(ctx, UPDATE);
  if (!caller) return;
  const body = await readJsonBody(ctx.req);
  if (!body.ok) return sendApiError(caller.errors, 400, 'InvalidRequestBody', body.message);
  const tenants = ctx.services.defender.tenants;
  let data = tenants.get(caller.tenant);
  let incident = findIncident(ctx, caller, data);
  if (!incident) return;
  const parsed = parseIncidentUpdate(body.value, incident);
  if (!parsed.ok) return sendApiError(caller.errors, 400, 'InvalidRequestBody', parsed.message);
  if (Object.keys(parsed.changes).length > 0) {
    data = tenants.write(caller.tenant, {
      kind: 'incident-changes',
      actor: caller.actor,
      incidentId: incident.incidentId,
      changes: parsed.changes,
    }).data;
    incident = data.incidentsById.get(incident.incidentId)!;
  }
  sendOData(ctx.res, { '@odata.context': `${CONTEXT}/$entity`, ...xdrIncident(data, incident) });
}
