/**
 * A launcher's record of the services it started, in `<dataDir>/processes.json`. A launcher killed
 * before it could stop them, with its guard killed too (`kill -9` of all its processes), leaves
 * them running, holding their ports and the database; the next launcher on the same data folder
 * reads the record and stops them, or says exactly what to do.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { identifyProcess, isGroupAlive, isStillRunning, stopGroup, type ProcessIdentity } from './process-groups';

const RECORD_FILE = 'processes.json';

/** Each service leads its own process group, so its pid is also the group id. */
type RecordedService = ProcessIdentity & { name: string };
type RecordContent = { launcher: ProcessIdentity; services: RecordedService[] };

export type RunRecord = {
  add(name: string, pid: number): void;
  remove(pid: number): void;
  /** Deletes the record: everything it listed has stopped. */
  close(): void;
};

/**
 * Stops what an earlier launcher on this data folder left running, the last started first, and
 * deletes its record. Refuses if that launcher itself still runs (two launchers cannot share one
 * database folder) or if this system cannot tell whether the recorded pids are still the same
 * processes (no /proc), naming the commands to run instead.
 */
export async function stopLeftovers(dataDir: string, report: (message: string) => void): Promise<void> {
  const file = path.join(dataDir, RECORD_FILE);
  let record: RecordContent;
  try {
    record = JSON.parse(readFileSync(file, 'utf8')) as RecordContent;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new Error(`Cannot read ${file} (${(error as Error).message}): delete it and start again.`);
  }

  const { pid } = record.launcher;
  const launcher = isStillRunning(record.launcher);
  if (launcher === true)
    throw new Error(
      `Another demo or test run (pid ${pid}) is using ${dataDir}. Stop it first (Ctrl-C in its terminal, ` +
        `or \`kill ${pid}\`), or use another data folder.`,
    );
  const unsure = record.services.filter(
    (service) => isStillRunning(service) === undefined && isGroupAlive(service.pid),
  );
  if (launcher === undefined || unsure.length > 0) {
    const commands = [
      ...(launcher === undefined ? [`kill ${pid}   # the launcher, if it still runs`] : []),
      ...unsure.map((service) => `kill -TERM -- -${service.pid}   # ${service.name}`),
    ];
    throw new Error(
      `An earlier run on ${dataDir} may still be running, and this system cannot tell for sure. ` +
        `Stop what is still there, then delete ${file} and start again:\n  ${commands.join('\n  ')}`,
    );
  }

  for (const service of [...record.services].reverse()) {
    if (isStillRunning(service) !== true) continue;
    report(`Stopping ${service.name} (pid ${service.pid}), left running by an earlier run…`);
    await stopGroup(service.pid);
  }
  rmSync(file, { force: true });
}

/** Starts this launcher's record; written at once on every change, so a SIGKILL leaves it current. */
export function createRunRecord(dataDir: string): RunRecord {
  const file = path.join(dataDir, RECORD_FILE);
  const content: RecordContent = { launcher: identifyProcess(process.pid), services: [] };
  const write = () => {
    // Through a rename: a launcher killed mid-write must not leave half a record.
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, `${JSON.stringify(content, null, 2)}\n`);
    renameSync(partial, file);
  };
  mkdirSync(dataDir, { recursive: true });
  write();
  return {
    add(name, pid) {
      content.services.push({ name, ...identifyProcess(pid) });
      write();
    },
    remove(pid) {
      content.services = content.services.filter((service) => service.pid !== pid);
      write();
    },
    close() {
      rmSync(file, { force: true });
    },
  };
}
