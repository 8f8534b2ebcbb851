/**
 * The console's copy of the hub's open cases. Snapshots replace it; versioned
 * deltas update it; closed cases leave it but are remembered for a while, so a
 * late, stale delta cannot bring a closed case back into the queue.
 */
import { applyCaseDelta, isVersionGap, type Case } from '@shared/domain/case';

const TOMBSTONE_LIMIT = 5000;

export type DeltaResult = { applied: Case | null; gap: boolean };

export class CaseStore {
  private readonly open = new Map<string, Case>();
  private readonly closed = new Map<string, number>();

  replace(cases: readonly Case[]): void {
    this.open.clear();
    this.closed.clear();
    for (const c of cases) if (c.status !== 'closed') this.open.set(c.id, c);
  }

  clear(): void {
    this.replace([]);
  }

  list(): Case[] {
    return [...this.open.values()];
  }

  get(id: string): Case | undefined {
    return this.open.get(id);
  }

  /** True when this case was seen closing (remembered for the last few thousand closures). */
  wasClosed(id: string): boolean {
    return this.closed.has(id);
  }

  /** Applies a delta; `applied` is null when it was stale, `gap` when versions were skipped. */
  apply(next: Case): DeltaResult {
    const closedAt = this.closed.get(next.id);
    if (closedAt !== undefined && closedAt >= next.version) return { applied: null, gap: false };
    const current = this.open.get(next.id);
    const gap = isVersionGap(current, next);
    const applied = applyCaseDelta(current, next);
    if (!applied) return { applied: null, gap: false };
    if (applied.status === 'closed') {
      this.open.delete(applied.id);
      this.closed.set(applied.id, applied.version);
      if (this.closed.size > TOMBSTONE_LIMIT) {
        const oldest = this.closed.keys().next().value;
        if (oldest !== undefined) this.closed.delete(oldest);
      }
    } else {
      this.open.set(applied.id, applied);
    }
    return { applied, gap };
  }
}
