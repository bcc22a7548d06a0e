import type { Clock } from "./clock";
import type { KeyStore } from "./crypto/signing-keys";
import { createEntraState, type EntraState } from "./entra/state";
import type { LogSink } from "./http/request-log";
import type { WorldModel } from "./world/world-model";

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
  entra: EntraState;
};

export type ServiceBasics = { world: WorldModel; keys: KeyStore; clock: Clock; log: LogSink };

/** The origin is filled in once the server listens (port 0 picks the port). */
export function createServices(basics: ServiceBasics): SimulatorServices {
  return {
    origin: "",
    ...basics,
    entra: createEntraState(basics.clock),
  };
}
