import type { IncomingMessage, ServerResponse } from 'node:http';

export type LogSink = (line: string) => void;

export const stdoutLog: LogSink = (line) => {
  process.stdout.write(`${line}\n`);
};

/**
 * One line per request: method, path, status, duration. Only the path is logged: query strings
 * and bodies carry codes, state, secrets and tokens, so they never reach the log.
 */
export function logRequestOnFinish(req: IncomingMessage, res: ServerResponse, pathname: string, log: LogSink): void {
  const started = performance.now();
  res.once('finish', () => {
    const ms = Math.round(performance.now() - started);
    const path = pathname.length > 200 ? `${pathname.slice(0, 200)}…` : pathname;
    log(`[simulator] ${req.method ?? '?'} ${path} ${res.statusCode} ${ms}ms`);
  });
}

/** Whether a line is one of the lines above, so launchers can keep them out of a person's way. */
export function isRequestLogLine(line: string): boolean {
  return /^\[simulator\] [A-Z]+ \S+ \d{3} \d+ms$/.test(line);
}
