/**
 * Long-running child processes for the demo and test launchers. Each child gets its own process
 * group so stopping it also stops what it spawned (`next start` leaves a `next-server` child).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export type RunningProcess = {
  name: string;
  child: ChildProcess;
  /** Resolves with the first output line that `readyWhen` accepts; rejects if the process exits first. */
  ready: Promise<string>;
  stop(): Promise<void>;
};

export function startProcess(options: {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  readyWhen: (line: string) => boolean;
  /** Where to echo output lines (prefixed with the name); null to keep quiet. */
  echo?: ((line: string) => void) | null;
}): RunningProcess {
  const { name, readyWhen } = options;
  const prefix = `[${name}] `;
  // Prefix each line with the process name, unless the process already does (the simulator).
  const echo =
    options.echo === undefined
      ? (line: string) => process.stdout.write(`${line.startsWith(prefix) ? '' : prefix}${line}\n`)
      : options.echo;
  const child = spawn(options.command, options.args, {
    env: options.env ?? process.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const recent: string[] = [];

  const ready = new Promise<string>((resolve, reject) => {
    const onLine = (line: string) => {
      recent.push(line);
      if (recent.length > 40) recent.shift();
      echo?.(line);
      if (readyWhen(line)) resolve(line);
    };
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) createInterface({ input: stream }).on('line', onLine);
    }
    child.once('error', reject);
    void exited.then((code) =>
      reject(new Error(`${name} exited (code ${code}) before it was ready. Last output:\n${recent.join('\n')}`)),
    );
  });
  ready.catch(() => undefined); // callers await it; avoid an unhandled rejection if they stop first

  async function stop(): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    const group = -child.pid;
    const signal = (sig: NodeJS.Signals) => {
      try {
        process.kill(group, sig);
      } catch {
        // already gone
      }
    };
    signal('SIGTERM');
    const timer = setTimeout(() => signal('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    signal('SIGKILL'); // anything the leader left behind in its group
  }

  return { name, child, ready, stop };
}
