/** Peak memory and CPU time of a running process tree, from Linux's /proc (the benchmark's machine). */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

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
  return largestOfTree(pid, 'VmHWM');
}

/** Bytes as whole MiB, for the benchmarks' tables (null for a size not known, as of a process gone). */
export const mb = (bytes: number | undefined) => (bytes === undefined ? null : Math.round(bytes / 1024 / 1024));

/** The largest resident set now (VmRSS, bytes) among `pid` and its descendants. */
export function rssOfTree(pid: number): number | undefined {
  return largestOfTree(pid, 'VmRSS');
}

function largestOfTree(pid: number, field: string): number | undefined {
  let largest: number | undefined;
  for (const next of treeOf(pid)) {
    const value = statusField(next, field);
    if (value !== undefined) largest = Math.max(largest ?? 0, value);
  }
  return largest;
}

/**
 * CPU seconds (user + system) used so far by `pid` and its descendants, those that ended included
 * (a parent's "children" times count the ones it has reaped, as PostgreSQL's postmaster reaps its
 * backends). On a shared machine, CPU per row is a steadier measure of cost than wall time.
 */
export function cpuSecondsOfTree(pid: number): number {
  let ticks = 0;
  for (const next of treeOf(pid)) {
    try {
      // After the command name (which may hold spaces): utime, stime, cutime and cstime are fields 12 to 15.
      const fields = readFileSync(`/proc/${next}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    } catch {
      // exited meanwhile
    }
  }
  return ticks / CLOCK_TICKS_PER_SECOND;
}

/** CPU seconds (user + system) this process has used so far. */
export function ownCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** Linux's USER_HZ, 100 on every architecture Node runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

function treeOf(pid: number): number[] {
  const tree: number[] = [];
  const pending = [pid];
  while (pending.length > 0) {
    const next = pending.pop()!;
    tree.push(next);
    pending.push(...childrenOf(next));
  }
  return tree;
}

/** The process listening on a local TCP port (the web server the benchmark started), from /proc. */
export function pidListeningOn(port: number): number | undefined {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set(
    ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((table) =>
      readFileSync(table, 'utf8')
        .split('\n')
        .slice(1)
        .map((line) => line.trim().split(/\s+/))
        // local_address is ADDR:PORT in hex; state 0A is LISTEN; the inode is the tenth field.
        .filter((fields) => fields[1]?.endsWith(`:${hexPort}`) && fields[3] === '0A')
        .map((fields) => `socket:[${fields[9]}]`),
    ),
  );
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      for (const fd of readdirSync(`/proc/${pid}/fd`))
        if (inodes.has(readlinkSync(`/proc/${pid}/fd/${fd}`))) return Number(pid);
    } catch {
      // exited, or not ours to read
    }
  }
  return undefined;
}
