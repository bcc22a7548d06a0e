/**
 * Processes and process groups of the launchers' services. Each service runs in a group of its own
 * (`detached`), so one signal to the group also reaches what the service spawned (`next dev` runs
 * a `next-server` child, the database script a `postgres`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';

/**
 * A process as it can be told apart from a later one that reuses its pid: the pid and the start
 * time the kernel recorded for it (Linux /proc; `startTime` is undefined where there is none).
 */
export type ProcessIdentity = { pid: number; startTime?: string };

type ProcStat = { state: string; pgrp: number; startTime: string };

/** /proc/<pid>/stat, or undefined when the process does not exist (or there is no /proc). */
function readStat(pid: number): ProcStat | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // "pid (command) state ppid pgrp …": the command may hold spaces and parentheses.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0] ?? '', pgrp: Number(fields[2]), startTime: fields[19] ?? '' };
}

const hasProc = (): boolean => readStat(process.pid) !== undefined;

export function identifyProcess(pid: number): ProcessIdentity {
  return { pid, startTime: readStat(pid)?.startTime };
}

/**
 * Whether that very process still runs: false once it has ended, even if its pid now belongs to
 * another process; undefined when this system cannot tell (no /proc) and the pid is in use.
 */
export function isStillRunning(target: ProcessIdentity): boolean | undefined {
  if (target.startTime === undefined || !hasProc()) return pidInUse(target.pid) ? undefined : false;
  const stat = readStat(target.pid);
  return stat !== undefined && stat.state !== 'Z' && stat.startTime === target.startTime;
}

function pidInUse(pidOrGroup: number): boolean {
  try {
    process.kill(pidOrGroup, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether any process of the group still runs. Zombies do not count: they hold no port or file, and
 * an orphan's zombie lasts until PID 1 reaps it, which in some containers is never.
 */
export function isGroupAlive(pgid: number): boolean {
  if (!pidInUse(-pgid)) return false;
  if (!hasProc()) return true;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat?.pgrp === pgid && stat.state !== 'Z') return true;
  }
  return false;
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // already gone
  }
}

async function waitUntilGone(pgid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isGroupAlive(pgid)) {
    if (Date.now() >= deadline) return false;
    await delay(50);
  }
  return true;
}

/** SIGTERM to the whole group, SIGKILL to whatever is left after `graceMs`; resolves once it is gone. */
export async function stopGroup(pgid: number, graceMs = 5000): Promise<void> {
  signalGroup(pgid, 'SIGTERM');
  if (await waitUntilGone(pgid, graceMs)) return;
  signalGroup(pgid, 'SIGKILL');
  await waitUntilGone(pgid, 2000);
}
