/**
 * Makes a launcher's services die with it. The services run in process groups of their own, so
 * when the launcher is killed outright (SIGKILL, a crash) nothing stops them. The launcher starts
 * this guard, also in a group of its own, and writes to its stdin the group id of each service it
 * starts ("-<id>" once it has stopped one itself). When stdin closes, which the launcher does when
 * it ends and the kernel does when it dies, the guard stops the services still listed, the last
 * started first, and exits.
 *
 *   tsx scripts/lib/service-guard.ts   (started by scripts/lib/service-set.ts)
 */
import { createInterface } from 'node:readline';
import { stopGroup } from './process-groups';

const groups: number[] = [];

createInterface({ input: process.stdin })
  .on('line', (line) => {
    const id = Number(line);
    if (!Number.isInteger(id) || id === 0) return;
    if (id > 0) groups.push(id);
    else if (groups.includes(-id)) groups.splice(groups.indexOf(-id), 1);
  })
  .on('close', () => {
    void (async () => {
      for (const group of groups.reverse()) await stopGroup(group);
      process.exit(0);
    })();
  });
