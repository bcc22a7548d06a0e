import type { Clock } from './clock';
import { RequestLog } from './control/request-log';
import type { KeyStore } from './crypto/signing-keys';
import { createDefenderState, type DefenderState } from './defender/state';
import { createEntraState, type EntraState } from './entra/state';
import type { LogSink } from './http/request-log';
import type { WorldModel } from './world/world-model';

/**
 * Everything a handler may use. An area with its own state (Defender APIs, …) adds one field to
 * this type and one line to `createServices`.
 */
export type SimulatorServices = {
  /** `https://127.0.0.1:8443`: the simulator's own origin, used in issuers and endpoint URLs. */
  origin: string;
  world: WorldModel;
  keys: KeyStore;
  clock: Clock;
  log: LogSink;
  /** Bearer token of the control API (never printed; see control/control-token.ts). */
  controlToken: string;
  /** Every request received, redacted, for the control API. */
  requestLog: RequestLog;
  entra: EntraState;
  defender: DefenderState;
};

export type ServiceBasics = { world: WorldModel; keys: KeyStore; clock: Clock; log: LogSink; controlToken: string };

/** The origin is filled in once the server listens (port 0 picks the port). */
export function createServices(basics: ServiceBasics): SimulatorServices {
  return {
    origin: '',
    ...basics,
    requestLog: new RequestLog(basics.clock),
    entra: createEntraState(basics.clock),
    defender: createDefenderState(basics.clock),
  };
}
