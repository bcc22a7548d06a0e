import { resetEntraBehaviour } from '../entra/state';
import { ok, type ControlModule } from './control-api';
import { registerApplicationControls } from './application-controls';
import { registerConsentControls } from './consent-controls';
import { registerTenantControls } from './tenant-controls';
import { registerTokenBehaviourControls } from './token-behaviour-controls';
import { describeApplication, describeTenant } from './world-changes';

/** Entra-side state: the world's tenants, users, consent and app registration, and token behaviour. */
export const identityControls: ControlModule = {
  name: 'identity',
  register(routes) {
    routes.get('/world', ({ services }) =>
      ok({ ...services.world.data, application: describeApplication(services.world.data.application) }),
    );
    registerTenantControls(routes);
    registerConsentControls(routes);
    registerApplicationControls(routes);
    registerTokenBehaviourControls(routes);
  },
  snapshot(services) {
    return {
      tenants: services.world.data.tenants.map((tenant) => describeTenant(services, tenant)),
      application: describeApplication(services.world.data.application),
      consentEvents: services.entra.consentEvents.length,
    };
  },
  reset(services) {
    services.world.reset();
    resetEntraBehaviour(services.entra);
  },
};
