import type { Random } from './random';
import type { Ticks } from './ticks';

/** .NET ticks (100 ns since 0001-01-01) at 2020-01-01T00:00:00Z, the origin of our `Ticks`. */
const DOTNET_TICKS_AT_2020 = 637134336000000000n;

/**
 * MDE alert ids are `da` + the .NET ticks of the alert's creation + `_` + a signed 32-bit number
 * (`da637308392288907382_-880718168`); Canopy may parse neither part, but the shape is real.
 */
export function endpointAlertId(creation: Ticks, random: Random): string {
  return `da${(DOTNET_TICKS_AT_2020 + BigInt(creation)).toString()}_${random.int32()}`;
}

/** Defender for Cloud Apps alerts in XDR: `ca` + an upper-case GUID (`caD70CFEE2-1F54-…`). */
export function cloudAppsAlertId(random: Random): string {
  return `ca${random.guid().toUpperCase()}`;
}

/** Sentinel alerts surfaced through the Defender portal: `sn` + 32 hex digits. */
export function sentinelAlertId(random: Random): string {
  return `sn${random.hex(32)}`;
}

/** A Windows account SID in the tenant's (simulated) domain. */
export function userSid(domainPart: readonly [number, number, number], rid: number): string {
  return `S-1-5-21-${domainPart[0]}-${domainPart[1]}-${domainPart[2]}-${rid}`;
}
