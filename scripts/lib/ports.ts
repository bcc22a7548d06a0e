/**
 * The launchers' ports, checked before anything starts: a person who finds a port taken is told
 * which setting chooses it (SIMULATOR_PORT, not the simulator's own --port flag they never typed).
 */
import { createServer } from 'node:net';

export type ServicePort = {
  port: number;
  /** The address the service will listen on. */
  host: string;
  /** The setting that chooses this port, named in the message when it is taken. */
  setting: string;
};

/** Whether something could listen on host:port right now. */
export function isPortFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

/** "Port 8443 is already in use. … SIMULATOR_PORT=8444.", with a port that is free now. */
export async function describePortInUse({ port, host, setting }: ServicePort): Promise<string> {
  let suggestion = `${setting}=<a free port>`;
  for (let candidate = port + 1; candidate <= Math.min(port + 100, 65535); candidate++) {
    if (await isPortFree(candidate, host)) {
      suggestion = `${setting}=${candidate}`;
      break;
    }
  }
  return `Port ${port} is already in use. Stop the program that uses it, or choose another port: ${suggestion}.`;
}

export async function assertPortsFree(ports: ServicePort[]): Promise<void> {
  for (const port of ports) {
    // Port 0 asks the system for any free port.
    if (port.port !== 0 && !(await isPortFree(port.port, port.host))) throw new Error(await describePortInUse(port));
  }
}
