/** Peak memory of a running process tree, from Linux's /proc (the benchmark's machine). */
import { readdirSync, readFileSync } from 'node:fs';

function statusField(pid: number, field: string): number | undefined {
  try {
    const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined; // exited meanwhile
  }
}

function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((task) =>
      readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

/**
 * The largest peak resident set (VmHWM, bytes) among `pid` and its descendants: `npm run worker`
 * is tsx's launcher with the worker in a child Node process, and the worker is the one that grows.
 */
export function peakRssOfTree(pid: number): number | undefined {
  let peak: number | undefined;
  const pending = [pid];
  while (pending.length > 0) {
    const next = pending.pop()!;
    const hwm = statusField(next, 'VmHWM');
    if (hwm !== undefined) peak = Math.max(peak ?? 0, hwm);
    pending.push(...childrenOf(next));
  }
  return peak;
}
