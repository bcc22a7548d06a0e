import { describe, expect, it } from 'vitest';
import { createRequestSlots } from '@/lib/defender/request-slots';

/** A task that runs until the test lets it finish. */
function heldTask(log: string[], name: string) {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return {
    finish,
    run: async () => {
      log.push(`start ${name}`);
      await done;
      log.push(`end ${name}`);
      return name;
    },
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('request slots (the worker-wide bound on requests in flight)', () => {
  it('runs at most `limit` tasks at once, the others in the order they came', async () => {
    const slots = createRequestSlots(2);
    const log: string[] = [];
    const tasks = ['a', 'b', 'c', 'd'].map((name) => heldTask(log, name));
    const results = tasks.map((task) => slots.run(task.run));
    await settle();
    expect(log).toEqual(['start a', 'start b']);
    tasks[1]!.finish();
    await settle();
    expect(log).toEqual(['start a', 'start b', 'end b', 'start c']);
    tasks[0]!.finish();
    tasks[2]!.finish();
    tasks[3]!.finish();
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c', 'd']);
    expect(log.filter((line) => line.startsWith('start'))).toEqual(['start a', 'start b', 'start c', 'start d']);
  });

  it('frees the slot of a task that fails', async () => {
    const slots = createRequestSlots(1);
    await expect(slots.run(() => Promise.reject(new Error('no answer')))).rejects.toThrow('no answer');
    expect(await slots.run(() => Promise.resolve('next'))).toBe('next');
  });
});
