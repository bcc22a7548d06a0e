/**
 * Long-running child processes for the demo and test launchers. Each child gets its own process
 * group so stopping it also stops what it spawned (`next start` leaves a `next-server` child).
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { stopGroup } from './process-groups';

export type RunningProcess = {
  /** Also its process group id. */
  pid: number;
  /** Resolves with the first output line that `readyWhen` accepts; rejects if the process exits first. */
  ready: Promise<string>;
  stop(): Promise<void>;
};

/** The process ended before it printed its ready line; `lastLines` is the end of its output. */
export class ProcessExitedError extends Error {
  constructor(
    readonly processName: string,
    readonly code: number | null,
    readonly lastLines: string[],
  ) {
    super(`${processName} exited (code ${code}) before it was ready`);
  }
}

export function startProcess(options: {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  readyWhen: (line: string) => boolean;
  /** Receives every line the process prints, stdout and stderr. */
  onLine: (line: string) => void;
}): RunningProcess {
  const { name, readyWhen, onLine } = options;
  const child = spawn(options.command, options.args, {
    env: options.env ?? process.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Undefined only when spawning failed (the command is missing); Node reports why on 'error'.
  const pid = child.pid;
  if (pid === undefined) {
    child.once('error', () => undefined); // reported by the throw below
    throw new Error(`Could not start ${name} (${options.command}).`);
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const recent: string[] = [];

  const ready = new Promise<string>((resolve, reject) => {
    const receive = (line: string) => {
      recent.push(line);
      if (recent.length > 40) recent.shift();
      onLine(line);
      if (readyWhen(line)) resolve(line);
    };
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) createInterface({ input: stream }).on('line', receive);
    }
    void exited.then((code) => reject(new ProcessExitedError(name, code, recent)));
  });
  ready.catch(() => undefined); // callers await it; avoid an unhandled rejection if they stop first

  const stop = async (): Promise<void> => {
    // The whole group, even once the leader has exited: what it spawned may still run.
    await stopGroup(pid);
    await exited;
  };

  return { pid, ready, stop };
}
