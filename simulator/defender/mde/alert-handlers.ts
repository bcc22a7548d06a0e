import { admit, type ApiSpec, type Caller } from '../guard';
import { sendApiError } from '../http/errors';
import { readJsonBody } from '../http/read-json';
import { sendOData } from '../http/send-odata';
import { RATE_POLICIES } from '../limits/rate-limiter';
import { equalityOn } from '../odata/compile-filter';
import { prepareQuery, readOptions } from '../odata/prepare-query';
import { runQuery } from '../odata/run-query';
import type { RequestContext } from '../../router';
import type { AlertRecord } from '../data/model';
import type { TenantData } from '../store/tenant-data';
import { MDE_ALERT_FILTER, MDE_ALERT_QUERY } from './alert-filter-schema';
import { mdeAlert } from './alert-wire';
import { parseAlertUpdate } from './parse-alert-update';

/** The documented context URL, kept on the real host (a client must not build URLs from it). */
const CONTEXT = 'https://api.securitycenter.microsoft.com/api/$metadata#Alerts';
const READ: ApiSpec = { api: 'mde', roles: ['Alert.ReadWrite.All', 'Alert.Read.All'], policy: RATE_POLICIES.mdeAlerts };
const UPDATE: ApiSpec = { api: 'mde', roles: ['Alert.ReadWrite.All'], policy: RATE_POLICIES.mdeAlertUpdate };
const BATCH: ApiSpec = { api: 'mde', roles: ['Alert.ReadWrite.All'], policy: RATE_POLICIES.mdeBatchUpdate };

/** Only Defender for Endpoint's own alerts are in its API (Cloud Apps / Sentinel ones are not). */
const isEndpointAlert = (alert: AlertRecord) => alert.source === 'endpoint';

/**
 * `GET /api/alerts`: ordered by lastUpdateTime ascending, then id (the service documents no order;
 * ascending lets a poller page with $skip under a `lastUpdateTime ge` filter without losing
 * updates). No `@odata.nextLink`, as observed: page with $top/$skip or a moving time filter.
 */
export async function handleListAlerts(ctx: RequestContext): Promise<void> {
  const caller = await admit(ctx, READ);
  if (!caller) return;
  const query = prepareQuery(caller, ctx.url.searchParams, MDE_ALERT_QUERY, MDE_ALERT_FILTER, 'lastUpdateTime');
  if (!query) return;
  const { options, filter } = query;
  const data = ctx.services.defender.tenants.get(caller.tenant);
  const byId = equalityOn(options.filter, 'id');
  let items: AlertRecord[];
  if (typeof byId === 'string') {
    const alert = data.alertsById.get(byId);
    items =
      alert && isEndpointAlert(alert) && filter.test(alert)
        ? [alert].slice(options.skip, options.skip + options.top)
        : [];
  } else {
    items = runQuery(data.alertsByUpdate, filter, {
      descending: false,
      skip: options.skip,
      top: options.top,
      countAll: false,
      scope: isEndpointAlert,
    }).items;
  }
  const withEvidence = options.expand.has('evidence');
  const faults = ctx.services.defender.faults;
  sendOData(ctx.res, {
    '@odata.context': CONTEXT,
    value: items.map((alert) =>
      faults.overrideAlert(caller.tenant.id, 'mde', alert.id, mdeAlert(data, alert, withEvidence)),
    ),
  });
}

function findAlert(ctx: RequestContext, data: TenantData): AlertRecord | undefined {
  const alert = data.alertsById.get(ctx.params.id ?? '');
  return alert && isEndpointAlert(alert) ? alert : undefined;
}

/** `GET /api/alerts/{id}` (`$expand=evidence` honoured). Another tenant's id is simply not found. */
export async function handleGetAlert(ctx: RequestContext): Promise<void> {
  const caller = await admit(ctx, READ);
  if (!caller) return;
  const options = readOptions(caller, ctx.url.searchParams, { ...MDE_ALERT_QUERY, options: ['$expand'] });
  if (!options) return;
  const data = ctx.services.defender.tenants.get(caller.tenant);
  const alert = findAlert(ctx, data);
  if (!alert) return sendApiError(caller.errors, 404, 'ResourceNotFound', `Alert ${ctx.params.id} was not found`);
  sendOData(ctx.res, {
    '@odata.context': `${CONTEXT}/$entity`,
    ...ctx.services.defender.faults.overrideAlert(
      caller.tenant.id,
      'mde',
      alert.id,
      mdeAlert(data, alert, options.expand.has('evidence')),
    ),
  });
}

/** Reads and parses a PATCH or batchUpdate body, answering 400 itself when it is not acceptable. */
async function readAlertUpdate(ctx: RequestContext, caller: Caller, options: { batch: boolean }) {
  const body = await readJsonBody(ctx.req);
  if (!body.ok) return void sendApiError(caller.errors, 400, 'InvalidRequestBody', body.message);
  const parsed = parseAlertUpdate(body.value, options);
  if (!parsed.ok) return void sendApiError(caller.errors, 400, parsed.code, parsed.message);
  return parsed;
}

/** `PATCH /api/alerts/{id}`: 200 with the updated alert; lastUpdateTime moves to now. */
export async function handleUpdateAlert(ctx: RequestContext): Promise<void> {
  const caller = await admit(ctx, UPDATE);
  if (!caller) return;
  const parsed = await readAlertUpdate(ctx, caller, { batch: false });
  if (!parsed) return;
  const tenants = ctx.services.defender.tenants;
  let data = tenants.get(caller.tenant);
  let alert = findAlert(ctx, data);
  if (!alert) return sendApiError(caller.errors, 404, 'ResourceNotFound', `Alert ${ctx.params.id} was not found`);
  if (Object.keys(parsed.changes).length > 0) {
    data = tenants.write(caller.tenant, {
      kind: 'alert-changes',
      actor: caller.actor,
      alertIds: [alert.id],
      changes: parsed.changes,
    }).data;
    alert = data.alertsById.get(alert.id)!;
  }
  sendOData(ctx.res, { '@odata.context': `${CONTEXT}/$entity`, ...mdeAlert(data, alert, false) });
}

/** `POST /api/alerts/batchUpdate`: 200 with an empty body; ids the tenant does not have are skipped. */
export async function handleBatchUpdate(ctx: RequestContext): Promise<void> {
  const caller = await admit(ctx, BATCH);
  if (!caller) return;
  const parsed = await readAlertUpdate(ctx, caller, { batch: true });
  if (!parsed) return;
  const tenants = ctx.services.defender.tenants;
  const data = tenants.get(caller.tenant);
  const ids = parsed.alertIds!.filter((id) => {
    const alert = data.alertsById.get(id);
    return alert !== undefined && isEndpointAlert(alert);
  });
  if (ids.length > 0 && Object.keys(parsed.changes).length > 0) {
    tenants.write(caller.tenant, {
      kind: 'alert-changes',
      actor: caller.actor,
      alertIds: ids,
      changes: parsed.changes,
    });
  }
  ctx.res.writeHead(200, { 'Content-Length': 0 });
  ctx.res.end();
}
