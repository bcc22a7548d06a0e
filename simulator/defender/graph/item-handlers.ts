import type { AlertRecord, Comment, IncidentRecord } from '../data/model';
import { formatTicks } from '../data/ticks';
import { admit, type ApiSpec, type Caller } from '../guard';
import { sendApiError } from '../http/errors';
import { readJsonBody } from '../http/read-json';
import { sendOData } from '../http/send-odata';
import { RATE_POLICIES } from '../limits/rate-limiter';
import { readOptions } from '../odata/prepare-query';
import type { JournalWrite } from '../store/journal';
import type { IncidentChanges } from '../store/mutations';
import type { TenantData } from '../store/tenant-data';
import type { RequestContext } from '../../router';
import { graphAlert, graphIncident } from './alert-wire';
import { GRAPH_INCIDENT_QUERY } from './filter-schemas';
import { GRAPH_ALERT_READ, GRAPH_INCIDENT_READ, graphView, hasDefenderData, preferenceHeaders } from './list-handlers';
import { parseGraphAlertUpdate, parseGraphComment, parseGraphIncidentUpdate, type Parsed } from './parse-graph-updates';

const ALERT_WRITE: ApiSpec = { api: 'graph', roles: ['SecurityAlert.ReadWrite.All'], policy: RATE_POLICIES.graph };
const INCIDENT_WRITE: ApiSpec = {
  api: 'graph',
  roles: ['SecurityIncident.ReadWrite.All'],
  policy: RATE_POLICIES.graph,
};

function findAlert(ctx: RequestContext, caller: Caller, data: TenantData): AlertRecord | undefined {
  const alert = hasDefenderData(caller) ? data.alertsById.get(ctx.params.id ?? '') : undefined;
  if (!alert) sendApiError(caller.errors, 404, 'NotFound', `Alert with id '${ctx.params.id}' was not found.`);
  return alert;
}

function findIncident(ctx: RequestContext, caller: Caller, data: TenantData): IncidentRecord | undefined {
  const raw = ctx.params.id ?? '';
  const incident = hasDefenderData(caller) && /^\d{1,15}$/.test(raw) ? data.incidentsById.get(Number(raw)) : undefined;
  if (!incident) sendApiError(caller.errors, 404, 'NotFound', `Incident with id '${raw}' was not found.`);
  return incident;
}

function renderAlert(ctx: RequestContext, data: TenantData, alert: AlertRecord): void {
  const view = graphView(ctx);
  sendOData(
    ctx.res,
    {
      '@odata.context': `${ctx.origin}/graph/v1.0/$metadata#security/alerts_v2/$entity`,
      ...graphAlert(data, alert, view),
    },
    preferenceHeaders(view),
  );
}

function renderIncident(ctx: RequestContext, data: TenantData, incident: IncidentRecord, withAlerts: boolean): void {
  const view = graphView(ctx);
  const expand = withAlerts ? '(alerts())' : '';
  sendOData(
    ctx.res,
    {
      '@odata.context': `${ctx.origin}/graph/v1.0/$metadata#security/incidents${expand}/$entity`,
      ...graphIncident(data, incident, view, withAlerts),
    },
    preferenceHeaders(view),
  );
}

function renderComments(ctx: RequestContext, comments: readonly Comment[]): void {
  sendOData(ctx.res, {
    '@odata.context': `${ctx.origin}/graph/v1.0/$metadata#Collection(microsoft.graph.security.alertComment)`,
    value: comments.map((comment) => ({
      '@odata.type': 'microsoft.graph.security.alertComment',
      comment: comment.comment,
      createdByDisplayName: comment.createdBy,
      createdDateTime: formatTicks(comment.createdTime),
    })),
  });
}

/** Graph's answer to a body that is not JSON or not sent as `application/json`. */
const GRAPH_UNREADABLE_BODY =
  'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.';

/** Reads and parses a write body, answering 400 itself when it is not acceptable. */
async function readChanges<T>(
  ctx: RequestContext,
  caller: Caller,
  parse: (body: unknown) => Parsed<T>,
): Promise<T | undefined> {
  const body = await readJsonBody(ctx.req);
  if (!body.ok) return void sendApiError(caller.errors, 400, 'BadRequest', GRAPH_UNREADABLE_BODY);
  const parsed = parse(body.value);
  if (!parsed.ok) return void sendApiError(caller.errors, 400, 'BadRequest', parsed.message);
  return parsed.changes;
}

export async function handleGetGraphAlert(ctx: RequestContext): Promise<void> {
  const caller = await admit(ctx, GRAPH_ALERT_READ);
  if (!caller) return;
  const data = ctx.services.defender.tenants.get(caller.tenant);
  const alert = findAlert(ctx, caller, data);
  if (alert) renderAlert(ctx, data, alert);
}

export async function handleUpdateGraphAlert(ctx: RequestContext): Promise<void> {
  const caller = await admit(ctx, ALERT_WRITE);
  if (!caller) return;
  const changes = await readChanges(ctx, caller, parseGraphAlertUpdate);
  if (!changes) return;
  const write = (alert: AlertRecord): JournalWrite => ({
    kind: 'alert-changes',
    actor: caller.actor,
    alertIds: [alert.id],
    changes,
  });
  writeAlert(ctx, caller, Object.keys(changes).length > 0 ? write : undefined, (data, alert) =>
    renderAlert(ctx, data, alert),
  );
}

export async function handleAddGraphAlertComment(ctx: RequestContext): Promise<void> {
  const caller = await admit(ctx, ALERT_WRITE);
  if (!caller) return;
  const comment = await readChanges(ctx, caller, parseGraphComment);
  if (comment === undefined) return;
  writeAlert(
    ctx,
    caller,
    (alert) => ({ kind: 'alert-changes', actor: caller.actor, alertIds: [alert.id], changes: { comment } }),
    (_data, alert) => renderComments(ctx, alert.comments),
  );
}

function writeAlert(
  ctx: RequestContext,
  caller: Caller,
  write: ((alert: AlertRecord) => JournalWrite) | undefined,
  render: (data: TenantData, alert: AlertRecord) => void,
): void {
  const tenants = ctx.services.defender.tenants;
  let data = tenants.get(caller.tenant);
  const alert = findAlert(ctx, caller, data);
  if (!alert) return;
  if (write) data = tenants.write(caller.tenant, write(alert)).data;
  render(data, data.alertsById.get(alert.id)!);
}

export async function handleGetGraphIncident(ctx: RequestContext): Promise<void> {
  const caller = await admit(ctx, GRAPH_INCIDENT_READ);
  if (!caller) return;
  const options = readOptions(caller, ctx.url.searchParams, { ...GRAPH_INCIDENT_QUERY, options: ['$expand'] });
  if (!options) return;
  const data = ctx.services.defender.tenants.get(caller.tenant);
  const incident = findIncident(ctx, caller, data);
  if (incident) renderIncident(ctx, data, incident, options.expand.has('alerts'));
}

export async function handleUpdateGraphIncident(ctx: RequestContext): Promise<void> {
  const caller = await admit(ctx, INCIDENT_WRITE);
  if (!caller) return;
  const changes = await readChanges(ctx, caller, parseGraphIncidentUpdate);
  if (!changes) return;
  writeIncident(ctx, caller, Object.keys(changes).length > 0 ? changes : undefined, (data, incident) =>
    renderIncident(ctx, data, incident, false),
  );
}

export async function handleAddGraphIncidentComment(ctx: RequestContext): Promise<void> {
  const caller = await admit(ctx, INCIDENT_WRITE);
  if (!caller) return;
  const comment = await readChanges(ctx, caller, parseGraphComment);
  if (comment === undefined) return;
  writeIncident(ctx, caller, { comment }, (_data, incident) => renderComments(ctx, incident.comments));
}

function writeIncident(
  ctx: RequestContext,
  caller: Caller,
  changes: IncidentChanges | undefined,
  render: (data: TenantData, incident: IncidentRecord) => void,
): void {
  const tenants = ctx.services.defender.tenants;
  let data = tenants.get(caller.tenant);
  const incident = findIncident(ctx, caller, data);
  if (!incident) return;
  if (changes)
    data = tenants.write(caller.tenant, {
      kind: 'incident-changes',
      actor: caller.actor,
      incidentId: incident.incidentId,
      changes,
    }).data;
  render(data, data.incidentsById.get(incident.incidentId)!);
}
