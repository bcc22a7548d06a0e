import type { AlertRecord, IncidentRecord } from '../data/model';
import { admit, type ApiSpec, type Caller } from '../guard';
import { sendApiError } from '../http/errors';
import { sendOData } from '../http/send-odata';
import { RATE_POLICIES } from '../limits/rate-limiter';
import type { FilterSchema } from '../odata/compile-filter';
import { prepareQuery } from '../odata/prepare-query';
import type { QuerySpec } from '../odata/query-options';
import { runQuery } from '../odata/run-query';
import type { SortedList } from '../store/sorted-list';
import type { TenantData } from '../store/tenant-data';
import type { RequestContext } from '../../router';
import { graphAlert, graphIncident, type GraphView } from './alert-wire';
import { GRAPH_ALERT_FILTER, GRAPH_ALERT_QUERY, GRAPH_INCIDENT_FILTER, GRAPH_INCIDENT_QUERY } from './filter-schemas';
import { nextLink, resolveSkipToken, wantsEvolvableMembers } from './paging';

export const GRAPH_ALERT_READ: ApiSpec = {
  api: 'graph',
  // Order as in the real 403 message (§A6): incident roles also open alerts_v2.
  roles: [
    'SecurityAlert.Read.All',
    'SecurityAlert.ReadWrite.All',
    'SecurityIncident.Read.All',
    'SecurityIncident.ReadWrite.All',
  ],
  policy: RATE_POLICIES.graph,
};
export const GRAPH_INCIDENT_READ: ApiSpec = {
  api: 'graph',
  roles: ['SecurityIncident.Read.All', 'SecurityIncident.ReadWrite.All'],
  policy: RATE_POLICIES.graph,
};

/** A tenant with neither Defender product has no security data in Graph: empty lists, not an error. */
export function hasDefenderData(caller: Caller): boolean {
  const products = caller.tenant.products;
  return products === undefined || products.defenderForEndpoint || products.defenderXdr;
}

export function graphView(ctx: RequestContext): GraphView {
  return { origin: ctx.origin, includeEvolvable: wantsEvolvableMembers(ctx) };
}

export function preferenceHeaders(view: GraphView): Record<string, string> {
  return view.includeEvolvable ? { 'Preference-Applied': 'include-unknown-enum-members' } : {};
}

type ListSetup<T> = {
  spec: ApiSpec;
  query: QuerySpec;
  schema: FilterSchema<T>;
  entitySet: string;
  index: (data: TenantData) => SortedList<T>;
  created: (record: T) => number;
  render: (
    data: TenantData,
    record: T,
    view: GraphView,
    expand: Set<string>,
    caller: Caller,
  ) => Record<string, unknown>;
};

/**
 * Graph list semantics shared by alerts_v2 and incidents: default order lastUpdateDateTime
 * descending (`$orderby` on lastUpdateDateTime or createdDateTime, asc or desc), `$count=true`
 * adds `@odata.count`, `@odata.nextLink` whenever more matches follow.
 */
async function listGraph<T>(ctx: RequestContext, setup: ListSetup<T>): Promise<void> {
  const caller = await admit(ctx, setup.spec);
  if (!caller) return;
  const resolved = resolveSkipToken(ctx.url.searchParams);
  if (!resolved)
    return sendApiError(caller.errors, 400, 'BadRequest', 'The $skiptoken is not valid, or was combined with $skip.');
  const spec = resolved.fromToken ? { ...setup.query, maxSkip: undefined } : setup.query;
  const prepared = prepareQuery(caller, resolved.params, spec, setup.schema, 'lastUpdateDateTime');
  if (!prepared) return;
  const { options, filter } = prepared;
  const view = graphView(ctx);
  const data = ctx.services.defender.tenants.get(caller.tenant);

  const orderBy = options.orderBy ?? { field: 'lastUpdateDateTime', descending: true };
  const byCreation = orderBy.field === 'createdDateTime';
  const page = hasDefenderData(caller)
    ? runQuery(setup.index(data), filter, {
        descending: orderBy.descending,
        skip: options.skip,
        top: options.top,
        countAll: options.count,
        sort: byCreation
          ? (a, b) => (orderBy.descending ? setup.created(b) - setup.created(a) : setup.created(a) - setup.created(b))
          : undefined,
      })
    : { items: [], total: 0, more: false };

  // Expanded navigation properties come back whether or not `$select` names them (OData 4.0):
  // `$select=id&$expand=alerts` is `incidents(id,alerts())` with each incident's alerts.
  const expanded = [...options.expand];
  const shape = [...(options.select ?? []), ...expanded.map((name) => `${name}()`)];
  const select = shape.length > 0 ? `(${shape.join(',')})` : '';
  const value = page.items.map((record) => {
    const full = setup.render(data, record, view, options.expand, caller);
    return options.select
      ? Object.fromEntries([...options.select, ...expanded].map((name) => [name, full[name]]))
      : full;
  });
  sendOData(
    ctx.res,
    {
      '@odata.context': `${ctx.origin}/graph/v1.0/$metadata#security/${setup.entitySet}${select}`,
      ...(options.count ? { '@odata.count': page.total ?? page.items.length } : {}),
      // `$top=0` asks for no items: a next link would point at the same page forever.
      ...(page.more && options.top > 0 && !ctx.services.defender.faults.omitsNextLink(caller.tenant.id)
        ? { '@odata.nextLink': nextLink(ctx, resolved.params, options.skip + page.items.length) }
        : {}),
      value,
    },
    preferenceHeaders(view),
  );
}

export function handleListGraphAlerts(ctx: RequestContext): Promise<void> {
  return listGraph<AlertRecord>(ctx, {
    spec: GRAPH_ALERT_READ,
    query: GRAPH_ALERT_QUERY,
    schema: GRAPH_ALERT_FILTER,
    entitySet: 'alerts_v2',
    index: (data) => data.alertsByUpdate,
    created: (alert) => alert.alertCreationTime,
    render: (data, alert, view, _expand, caller) =>
      ctx.services.defender.faults.overrideAlert(caller.tenant.id, 'graph', alert.id, graphAlert(data, alert, view)),
  });
}

export function handleListGraphIncidents(ctx: RequestContext): Promise<void> {
  return listGraph<IncidentRecord>(ctx, {
    spec: GRAPH_INCIDENT_READ,
    query: GRAPH_INCIDENT_QUERY,
    schema: GRAPH_INCIDENT_FILTER,
    entitySet: 'incidents',
    index: (data) => data.incidentsByUpdate,
    created: (incident) => incident.createdTime,
    render: (data, incident, view, expand) => graphIncident(data, incident, view, expand.has('alerts')),
  });
}
