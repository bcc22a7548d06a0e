import { z } from 'zod';
import { ALERT_STATUSES, CLASSIFICATIONS, DETERMINATIONS, SEVERITIES } from '../defender/data/model';
import { ticksFromMs } from '../defender/data/ticks';
import { MAX_LIVE_RATE } from '../defender/live/live-schedule';
import { mdeAlert } from '../defender/mde/alert-wire';
import { resetDefender, setLiveRate, type DefenderState } from '../defender/state';
import type { DefenderTenant } from '../defender/store/tenant-registry';
import type { SimulatorServices } from '../services';
import { ControlError, notFound, ok, parseInput, type ControlModule } from './control-api';

const rate = z.number().min(0).max(MAX_LIVE_RATE);

const alertChangesSchema = z.strictObject({
  status: z.enum(ALERT_STATUSES).optional(),
  assignedTo: z.string().min(1).nullable().optional(),
  severity: z.enum(SEVERITIES).optional(),
  classification: z.enum(CLASSIFICATIONS).nullable().optional(),
  determination: z.enum(DETERMINATIONS).nullable().optional(),
  comment: z.string().min(1).optional(),
  title: z.string().min(1).optional(),
});

const addAlertsSchema = z.strictObject({
  count: z.number().int().min(1).max(1000).default(1),
  /** Join this incident (else each alert opens a new one). */
  incidentId: z.number().int().optional(),
  /** An alert kind from the catalog by its title (else drawn at random). */
  template: z.string().min(1).optional(),
  source: z.enum(['endpoint', 'cloudApps', 'sentinel']).optional(),
  severity: z.enum(SEVERITIES).optional(),
  /** Applied right after creation (status, owner, …). */
  changes: alertChangesSchema.optional(),
});

const faultsSchema = z.strictObject({
  apis: z
    .array(z.enum(['mde', 'xdr', 'graph']))
    .min(1)
    .optional(),
  latencyMs: z.number().int().min(0).max(120_000).optional(),
  errorRate: z.number().min(0).max(1).optional(),
  errorStatus: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]).optional(),
  timeout: z.boolean().optional(),
  throttleRetryAfterSeconds: z.number().int().min(1).max(3600).optional(),
  seed: z.string().min(1).optional(),
  alertOverrides: z.record(z.string().min(1), z.record(z.string().min(1), z.unknown())).optional(),
  omitNextLink: z.boolean().optional(),
});

function tenantOf(services: SimulatorServices, segment: string | undefined): DefenderTenant {
  const tenant = services.world.resolveTenant(segment ?? '');
  if (!tenant) throw notFound(`Tenant ${segment}`);
  return tenant;
}

function summary(state: DefenderState, tenant: DefenderTenant) {
  const data = state.tenants.get(tenant);
  let endpointAlerts = 0;
  const byStatus: Record<string, number> = {};
  for (const alert of data.alertsById.values()) {
    if (alert.source === 'endpoint') endpointAlerts++;
    byStatus[alert.status] = (byStatus[alert.status] ?? 0) + 1;
  }
  const now = ticksFromMs(state.clock());
  return {
    tenantId: tenant.id,
    products: tenant.products ?? { defenderForEndpoint: true, defenderXdr: true },
    seed: data.profile.seed,
    alerts: data.alertCount,
    mdeAlerts: endpointAlerts,
    incidents: data.incidentsById.size,
    alertsByStatus: byStatus,
    liveRatePerMinute: state.live.rateAt(now, tenant.id),
    liveEventsApplied: data.liveEventCount,
    faults: state.faults.get(tenant.id) ?? null,
  };
}

/**
 * Control endpoints of the Defender area (under `/_control/defender`): inspect a tenant's data,
 * add or change alerts, set the live rate (globally or per tenant), inject API faults, reset.
 */
export const defenderControls: ControlModule = {
  name: 'defender',
  register(routes) {
    routes
      .get('/defender/tenants/:tenant', ({ services, params }) =>
        ok(summary(services.defender, tenantOf(services, params.tenant))),
      )
      .post('/defender/tenants/:tenant/alerts', ({ services, params, body }) => {
        const tenant = tenantOf(services, params.tenant);
        const input = parseInput(addAlertsSchema, body ?? {});
        const { data, alertIds } = services.defender.tenants.write(tenant, {
          kind: 'add-alerts',
          actor: 'Simulator control',
          count: input.count,
          options: {
            incidentId: input.incidentId,
            title: input.template,
            source: input.source,
            severity: input.severity,
          },
          changes: input.changes,
        });
        return ok({ alerts: alertIds.map((id) => mdeAlert(data, data.alertsById.get(id)!, false)) }, 201);
      })
      .patch('/defender/tenants/:tenant/alerts/:id', ({ services, params, body }) => {
        const tenant = tenantOf(services, params.tenant);
        const changes = parseInput(alertChangesSchema, body ?? {});
        const tenants = services.defender.tenants;
        if (!tenants.get(tenant).alertsById.has(params.id ?? '')) throw notFound(`Alert ${params.id}`);
        const { data } = tenants.write(tenant, {
          kind: 'alert-changes',
          actor: changes.assignedTo ?? 'Simulator control',
          alertIds: [params.id!],
          changes,
        });
        return ok(mdeAlert(data, data.alertsById.get(params.id!)!, false));
      })
      .get('/defender/live', ({ services }) =>
        ok({ ratePerMinute: services.defender.live.globalRateAt(ticksFromMs(services.clock())) }),
      )
      .put('/defender/live', ({ services, body }) => {
        const input = parseInput(z.strictObject({ ratePerMinute: rate }), body);
        setLiveRate(services.defender, input.ratePerMinute);
        return ok({ ratePerMinute: input.ratePerMinute });
      })
      .put('/defender/tenants/:tenant/live', ({ services, params, body }) => {
        const tenant = tenantOf(services, params.tenant);
        const input = parseInput(z.strictObject({ ratePerMinute: rate.nullable() }), body);
        // Apply what happened so far under the old rate before the new one takes effect.
        services.defender.tenants.get(tenant);
        setLiveRate(services.defender, input.ratePerMinute, tenant.id);
        return ok({ tenantId: tenant.id, ratePerMinute: input.ratePerMinute });
      })
      .get('/defender/tenants/:tenant/faults', ({ services, params }) =>
        ok(services.defender.faults.get(tenantOf(services, params.tenant).id) ?? {}),
      )
      .put('/defender/tenants/:tenant/faults', ({ services, params, body }) => {
        const tenant = tenantOf(services, params.tenant);
        const faults = parseInput(faultsSchema, body);
        if (faults.timeout && faults.throttleRetryAfterSeconds !== undefined) {
          throw new ControlError(400, 'invalid_request', 'Choose timeout or throttleRetryAfterSeconds, not both.');
        }
        services.defender.faults.set(tenant.id, faults);
        return ok(faults);
      })
      .delete('/defender/tenants/:tenant/faults', ({ services, params }) => {
        services.defender.faults.clear(tenantOf(services, params.tenant).id);
        return ok({ cleared: true });
      })
      .post('/defender/tenants/:tenant/reset', ({ services, params }) => {
        const tenant = tenantOf(services, params.tenant);
        resetDefender(services.defender, tenant.id);
        return ok({ reset: tenant.id });
      })
      .post('/defender/reset', ({ services }) => {
        resetDefender(services.defender);
        return ok({ reset: 'defender' });
      });
  },
  snapshot(services) {
    const state = services.defender;
    return {
      liveRatePerMinute: state.live.globalRateAt(ticksFromMs(services.clock())),
      faults: state.faults.all(),
      cachedTenants: state.tenants.cachedTenantCount,
      cachedAlerts: state.tenants.cachedAlertCount,
    };
  },
  reset(services) {
    resetDefender(services.defender);
  },
};
