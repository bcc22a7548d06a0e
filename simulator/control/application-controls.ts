import { z } from 'zod';
import { ok, notFound, parseInput, type ControlRoutes } from './control-api';
import { changeWorld, describeApplication } from './world-changes';

const applicationPatch = z.strictObject({
  redirectUris: z.array(z.string()).optional(),
  requiredResourceAccess: z.array(z.record(z.string(), z.unknown())).optional(),
});

const credentialPatch = z.strictObject({ expiresAt: z.string() });

/** The partner app registration: redirect URIs, required permissions, credential expiry. */
export function registerApplicationControls(routes: ControlRoutes): void {
  routes
    .get('/application', ({ services }) => ok(describeApplication(services.world.data.application)))
    .patch('/application', ({ services, body }) => {
      const patch = parseInput(applicationPatch, body);
      changeWorld(services, (draft) => {
        if (patch.redirectUris !== undefined) draft.application.redirectUris = patch.redirectUris;
        if (patch.requiredResourceAccess !== undefined) {
          // Cast: the world validator checks each entry against the known APIs.
          draft.application.requiredResourceAccess =
            patch.requiredResourceAccess as unknown as typeof draft.application.requiredResourceAccess;
        }
      });
      return ok(describeApplication(services.world.data.application));
    });

  for (const kind of ['secrets', 'certificates'] as const) {
    const listOf = (application: { clientSecrets: { id: string }[]; certificates: { id: string }[] }) =>
      kind === 'secrets' ? application.clientSecrets : application.certificates;
    const setExpiry = (services: Parameters<typeof changeWorld>[0], id: string, expiresAt: string) => {
      const wanted = id.toLowerCase();
      if (!listOf(services.world.data.application).some((credential) => credential.id === wanted))
        throw notFound(`Credential ${id}`);
      changeWorld(services, (draft) => {
        for (const credential of listOf(draft.application) as { id: string; expiresAt: string }[])
          if (credential.id === wanted) credential.expiresAt = expiresAt;
      });
      return ok(describeApplication(services.world.data.application));
    };
    routes
      // Expired one second ago on the simulator's clock: the next use answers 7000222 / 700027.
      .post(`/application/${kind}/:id/expire`, ({ services, params }) =>
        setExpiry(services, params.id!, new Date(services.clock() - 1000).toISOString()),
      )
      .patch(`/application/${kind}/:id`, ({ services, params, body }) =>
        setExpiry(services, params.id!, parseInput(credentialPatch, body).expiresAt),
      );
  }
}
