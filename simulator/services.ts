import type { Clock } from "./clock";
import type { KeyStore } from "./crypto/signing-keys";
import type { EntraState } from "./entra/state";
import type { LogSink } from "./http/request-log";
import type { WorldModel } from "./world/world-model";

/** Everything a handler may use. Later areas (Defender APIs, control API, faults) add their state here. */
export type SimulatorServices = {
  /** `https://127.0.0.1:8443`: the simulator's own origin, used in issuers and endpoint URLs. */
  origin: string;
  world: WorldModel;
  keys: KeyStore;
  clock: Clock;
  log: LogSink;
  entra: EntraState;
};
