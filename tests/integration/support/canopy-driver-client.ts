import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';

const require = createRequire(import.meta.url);

export type CanopyDriver = {
  call<T = unknown>(op: string, args?: Record<string, unknown>): Promise<T>;
  stop(): Promise<void>;
};

/** Starts tests/integration/support/canopy-driver.ts with `env` and waits until it is ready. */
export async function startCanopyDriver(env: NodeJS.ProcessEnv): Promise<CanopyDriver> {
  const child: ChildProcess = spawn(
    process.execPath,
    [require.resolve('tsx/cli'), '--conditions=react-server', 'tests/integration/support/canopy-driver.ts'],
    { env, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 1;
  let ready: () => void;
  const started = new Promise<void>((resolve) => (ready = resolve));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (!line.startsWith('{')) return;
    const answer = JSON.parse(line) as { id: number; ok: boolean; value?: unknown; error?: string };
    if (answer.id === 0) return ready();
    const waiter = pending.get(answer.id);
    pending.delete(answer.id);
    if (answer.ok) waiter?.resolve(answer.value);
    else waiter?.reject(new Error(answer.error));
  });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`canopy driver exited with ${code}`))),
  );
  await Promise.race([started, exited]);
  return {
    call<T>(op: string, args: Record<string, unknown> = {}) {
      const id = nextId++;
      child.stdin!.write(`${JSON.stringify({ id, op, args })}\n`);
      return Promise.race([new Promise<T>((resolve, reject) => pending.set(id, { resolve: resolve, reject })), exited]);
    },
    async stop() {
      child.stdin!.end();
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}
