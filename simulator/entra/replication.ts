import type { EntraState } from './state';

/**
 * Right after consent Entra's token endpoint may not see the new service principal yet and answers
 * 700016 for tens of seconds (§A5). A tenant with a replication delay set (control API) behaves so
 * for that many seconds after each consent, on the simulator's clock.
 */
export function isServicePrincipalReplicating(state: EntraState, tenantId: string, now: number): boolean {
  const pendingUntil = state.replication.get(tenantId)?.pendingUntil;
  return pendingUntil !== null && pendingUntil !== undefined && now < pendingUntil;
}

export function startReplicationWindow(state: EntraState, tenantId: string, now: number): void {
  const setting = state.replication.get(tenantId);
  if (setting && setting.delaySeconds > 0) setting.pendingUntil = now + setting.delaySeconds * 1000;
}
