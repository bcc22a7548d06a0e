import type { Router } from '../router';
import { ControlError, controlRoutesOn, ok, type ControlModule } from './control-api';
import { defenderControls } from './defender-controls';
import { identityControls } from './identity-controls';

/**
 * The request log and the whole-simulator operations. Area modules (identity, Defender, …) add
 * their own endpoints, state snapshot and reset hook.
 */
function coreControls(modules: readonly ControlModule[]): ControlModule {
  return {
    name: 'simulator',
    register(routes) {
      routes
        .get('/state', ({ services }) =>
          ok(
            Object.fromEntries(
              modules.flatMap((module) => (module.snapshot ? [[module.name, module.snapshot(services)]] : [])),
            ),
          ),
        )
        .post('/reset', ({ services }) => {
          for (const module of modules) module.reset?.(services);
          return ok({ reset: modules.filter((module) => module.reset !== undefined).map((module) => module.name) });
        })
        .get('/requests', ({ services, query }) => {
          const tenant = query.get('tenant');
          const after = query.get('after');
          if (after !== null && !/^\d+$/.test(after))
            throw new ControlError(400, 'invalid_request', 'after must be a request id (a number).');
          const tenantId = tenant ? (services.world.resolveTenant(tenant)?.id ?? tenant.toLowerCase()) : undefined;
          return ok({
            requests: services.requestLog.list({ tenantId, after: after === null ? undefined : Number(after) }),
          });
        })
        .delete('/requests', ({ services }) => {
          services.requestLog.clear();
          return ok({ cleared: true });
        });
    },
  };
}

/** Area control modules in registration order. A new area adds one line here. */
const AREA_MODULES: readonly ControlModule[] = [identityControls, defenderControls];

/** Registers every control route under `/_control` (call before Entra's `/:tenant` routes). */
export function registerControlRoutes(router: Router, areaModules: readonly ControlModule[] = AREA_MODULES): void {
  const routes = controlRoutesOn(router);
  const modules = [...areaModules];
  coreControls(modules).register(routes);
  for (const module of modules) module.register(routes);
}
