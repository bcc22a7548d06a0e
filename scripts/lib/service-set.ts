/**
 * The services of one launcher run (the database, the simulator, Canopy, …). Each is started in a
 * process group of its own, recorded in the data folder's run record and watched by a guard
 * process, with its whole output in `<dataDir>/logs/<name>.log`. They stop together, the last
 * started first: on stop(), when the abort signal fires, or through the guard if the launcher
 * dies without stopping them. What an earlier, killed run left behind is stopped first.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { ProcessExitedError, startProcess, type RunningProcess } from './child-process';
import { describePortInUse, isPortFree, type ServicePort } from './ports';
import { createRunRecord, stopLeftovers } from './run-record';

const require = createRequire(import.meta.url);

export type ServiceSpec = {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** Recognises the line the service prints once it is ready. */
  readyWhen: (line: string) => boolean;
  /** The port it listens on: when it fails to start and that port is taken, the error names the setting. */
  port?: ServicePort;
  /** Its per-request log lines, which stay in its log file unless the console shows everything. */
  isRequestLine?: (line: string) => boolean;
};

export type ServiceSetOptions = {
  dataDir: string;
  /** Where the lines shown go; null: nowhere (they are still in the log files). Default: stdout. */
  echo?: ((line: string) => void) | null;
  /**
   * Show only what a person needs: no service output until `started()`, and never request
   * lines. Otherwise every line is shown as it comes.
   */
  quiet?: boolean;
  /** Aborting stops every service; a start in progress then rejects with the signal's reason. */
  signal?: AbortSignal;
};

export type ServiceSet = {
  /** Starts a service and resolves with its ready line. */
  start(spec: ServiceSpec): Promise<string>;
  /** Says the launcher has finished starting: in quiet mode, service output is shown from now on. */
  started(): void;
  /** Prints a launcher message where service output goes. */
  say(message: string): void;
  stop(): Promise<void>;
};

export async function openServiceSet(options: ServiceSetOptions): Promise<ServiceSet> {
  const { dataDir, signal, quiet = false } = options;
  const echo = options.echo === undefined ? (line: string) => void process.stdout.write(`${line}\n`) : options.echo;
  const say = (message: string) => echo?.(message);

  await stopLeftovers(dataDir, say);
  const logDir = path.join(dataDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const record = createRunRecord(dataDir);
  const guard = startGuard();
  record.add('guard', guard.pid);

  const running: { process: RunningProcess; log: WriteStream }[] = [];
  let startedUp = false;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      for (const { process: service, log } of [...running].reverse()) {
        await service.stop();
        guard.forget(service.pid);
        record.remove(service.pid);
        log.end();
      }
      guard.release();
      record.close();
    })());
  signal?.addEventListener('abort', () => void stop(), { once: true });

  async function start(spec: ServiceSpec): Promise<string> {
    signal?.throwIfAborted();
    if (stopping) throw new Error(`Not starting ${spec.name}: the launcher is stopping.`);
    const logFile = path.join(logDir, `${spec.name}.log`);
    const log = createWriteStream(logFile);
    const prefix = `[${spec.name}] `;
    const show = (line: string) => {
      if (!echo || (quiet && (!startedUp || spec.isRequestLine?.(line) || !stripVTControlCharacters(line).trim())))
        return;
      // Prefix each line with the service name, unless the service already does (the simulator).
      echo(`${line.startsWith(prefix) ? '' : prefix}${line}`);
    };
    const { name, command, args, env, readyWhen } = spec;
    const service = startProcess({
      name,
      command,
      args,
      env,
      readyWhen,
      onLine: (line) => {
        log.write(`${line}\n`);
        show(line);
      },
    });
    running.push({ process: service, log });
    record.add(spec.name, service.pid);
    guard.watch(service.pid);
    try {
      return await service.ready;
    } catch (error) {
      signal?.throwIfAborted();
      if (!(error instanceof ProcessExitedError)) throw error;
      if (spec.port && !(await isPortFree(spec.port.port, spec.port.host)))
        throw new Error(await describePortInUse(spec.port));
      // Its output is on the console already when every line is shown as it comes.
      const output = echo && !quiet ? '' : `. Its last lines:\n${error.lastLines.join('\n')}`;
      throw new Error(`${error.message}${output}\n(Its whole output is in ${logFile}.)`);
    }
  }

  return { start, started: () => void (startedUp = true), say, stop };
}

/** The guard (scripts/lib/service-guard.ts), told of each service through its stdin. */
function startGuard() {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'service-guard.ts');
  const child = spawn(process.execPath, [require.resolve('tsx/cli'), script], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  const { pid, stdin } = child;
  if (pid === undefined || !stdin) throw new Error('Could not start the launcher guard.');
  // If the guard has died, writing to it fails: that must not take the launcher down.
  stdin.on('error', () => undefined);
  return {
    pid,
    watch: (group: number) => void stdin.write(`${group}\n`),
    forget: (group: number) => void stdin.write(`-${group}\n`),
    /** Everything it watched has stopped: closing its stdin lets it exit. */
    release: () => void stdin.end(),
  };
}
