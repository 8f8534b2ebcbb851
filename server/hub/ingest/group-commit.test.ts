import { describe, expect, it } from 'vitest';
import { createGroupCommit } from './group-commit';

/** A fake store that records each commit (a batch) and can be told to fail on an item. */
function store(failOn?: number) {
  const commits: number[][] = [];
  const committed = new Set<number>();
  const run = async (items: number[]) => {
    if (failOn !== undefined && items.includes(failOn)) throw new Error(`cannot store ${failOn}`);
    commits.push([...items]);
    for (const i of items) committed.add(i);
    return items.map((i) => `stored ${i}`);
  };
  return { commits, committed, run };
}

describe('group commit', () => {
  it('puts alarms that arrive together in one commit and answers each after it', async () => {
    const s = store();
    const submit = createGroupCommit(s.run);
    const answers = await Promise.all([1, 2, 3, 4].map(async (i) => {
      const out = await submit(i);
      // Acknowledged means stored: the answer never comes before the commit that holds it.
      expect(s.committed.has(i)).toBe(true);
      return out;
    }));
    expect(answers).toEqual(['stored 1', 'stored 2', 'stored 3', 'stored 4']);
    expect(s.commits).toEqual([[1, 2, 3, 4]]);
  });

  it('takes what arrived during a commit into the next one, within the batch limit', async () => {
    const s = store();
    const submit = createGroupCommit(s.run, { maxBatch: 3 });
    const first = submit(1);
    await first;
    await Promise.all([2, 3, 4, 5, 6, 7, 8].map((i) => submit(i)));
    expect(s.commits).toEqual([[1], [2, 3, 4], [5, 6, 7], [8]]);
  });

  it('isolates a bad alarm: the others of its batch are stored, only its caller gets the error', async () => {
    const s = store(3);
    const submit = createGroupCommit(s.run);
    const results = await Promise.allSettled([1, 2, 3, 4].map((i) => submit(i)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((results[2] as PromiseRejectedResult).reason).toEqual(new Error('cannot store 3'));
    expect([...s.committed].sort()).toEqual([1, 2, 4]);
    // And the receiver keeps serving after it.
    await expect(submit(5)).resolves.toBe('stored 5');
  });
});
