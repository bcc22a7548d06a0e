import { MAX_LIVE_RATE } from './live/live-schedule';
import { setLiveRate, type DefenderState } from './state';

/** `parseArgs` options the Defender area adds to the simulator CLI. */
export const DEFENDER_CLI_OPTIONS = { 'live-rate': { type: 'string' } } as const;

export const DEFENDER_CLI_USAGE = `  --live-rate <n>         Defender live mode: new alerts per tenant per minute, and as
                          many changes to open alerts (default 0 = off)
`;

/** The `--live-rate` value, or an error message for the CLI to print. */
export function parseLiveRate(value: string | undefined): { ok: true; rate: number } | { ok: false; message: string } {
  if (value === undefined) return { ok: true, rate: 0 };
  const rate = Number(value);
  if (value.trim() === '' || !Number.isFinite(rate) || rate < 0 || rate > MAX_LIVE_RATE) {
    return {
      ok: false,
      message: `--live-rate must be a number of alerts per minute from 0 to ${MAX_LIVE_RATE}, got ${value}`,
    };
  }
  return { ok: true, rate };
}

/** Applies a parsed `--live-rate` to a started simulator's Defender state. */
export function applyLiveRate(state: DefenderState, rate: number): void {
  if (rate > 0) {
    state.initialLiveRate = rate;
    setLiveRate(state, rate);
  }
}
