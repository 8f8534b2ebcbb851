// @vitest-environment jsdom
// The queue kept in order incrementally must equal a full sort after any sequence of deltas;
// and the overdue warning and flood banner read the queue the way the operator would.
import { describe, expect, it } from 'vitest';
import { sortQueue } from '@shared/domain/case';
import { makeCase, OP2, T0 } from '../test/fixtures';
import { floodsOf, overdueOf, selectCounts, selectQueue } from './selectors';
import { createConsoleStore } from './store';

const at = (s: number) => new Date(Date.parse(T0) + s * 1000).toISOString();

describe('queue kept in order', () => {
  it('equals a full sort after 2000 random arrivals, priority changes, claims and closures', () => {
    const store = createConsoleStore();
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 48271) % 2147483647) % n);
    const versions = new Map<string, number>();
    for (let i = 0; i < 2000; i++) {
      const batch = Array.from({ length: 1 + rnd(4) }, () => {
        const id = `c${rnd(300)}`;
        const version = (versions.get(id) ?? 0) + 1;
        versions.set(id, version);
        const status = (['open', 'open', 'claimed', 'closed'] as const)[rnd(4)]!;
        return makeCase({ id, version, priority: 1 + rnd(4), receivedAt: at(rnd(1000)), status, owner: status === 'open' ? null : { operatorId: OP2.id, displayName: 'X' } });
      });
      store.getState().applyCases(batch);
      if (i % 500 === 499) store.getState().applySnapshot(Object.values(store.getState().cases));
    }
    const s = store.getState();
    expect(selectQueue(s).map((c) => c.id)).toEqual(sortQueue(Object.values(s.cases)).map((c) => c.id));
    expect(selectQueue(s).length).toBeGreaterThan(50);
  });

  it('counts the alarms its grouped cases hold', () => {
    const store = createConsoleStore();
    store.getState().applyCases([makeCase({ id: 'a', alarmCount: 40 }), makeCase({ id: 'b', priority: 4, kind: 'device.low-battery' })]);
    expect(selectCounts(store.getState())).toMatchObject({ total: 2, alarms: 41 });
  });
});

describe('overdue warning', () => {
  it('counts the late cases and names the oldest of the most urgent priority, not the oldest of all', () => {
    const queue = sortQueue([
      makeCase({ id: 'p4-ancient', priority: 4, kind: 'device.low-battery', receivedAt: at(-7200) }),
      makeCase({ id: 'p1-late', priority: 1, receivedAt: at(-120) }),
      makeCase({ id: 'p1-later', priority: 1, receivedAt: at(-300) }),
      makeCase({ id: 'p1-fresh', priority: 1, receivedAt: at(-10) }),
      makeCase({ id: 'p2-taken', priority: 2, receivedAt: at(-900), status: 'claimed', owner: { operatorId: OP2.id, displayName: 'X' } }),
    ]);
    const o = overdueOf(queue, Date.parse(T0));
    expect(o.count).toBe(3);
    expect(o.first?.id).toBe('p1-later');
    expect(overdueOf([], Date.parse(T0))).toEqual({ count: 0, first: null });
  });
});

describe('flood banner', () => {
  it('names the sites with more than 10 alarms in 10 min, most alarms first, grouped cases counted whole', () => {
    const now = Date.parse(T0);
    const queue = [
      makeCase({ id: 'big', siteName: 'École A', alarmCount: 240, lastAlarmAt: at(-30) }),
      ...Array.from({ length: 12 }, (_, i) => makeCase({ id: `b${i}`, siteName: 'Collège B', receivedAt: at(-60), lastAlarmAt: at(-60) })),
      ...Array.from({ length: 10 }, (_, i) => makeCase({ id: `c${i}`, siteName: 'Crèche C', receivedAt: at(-60), lastAlarmAt: at(-60) })),
      makeCase({ id: 'old', siteName: 'Mairie D', alarmCount: 50, lastAlarmAt: at(-3600) }),
    ];
    expect(floodsOf(queue, now)).toEqual([
      { site: 'École A', alarms: 240, cases: 1 },
      { site: 'Collège B', alarms: 12, cases: 12 },
    ]);
  });
});
