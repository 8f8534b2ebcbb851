/** Every default script (resources/scripts) walked through each of its paths, with the engine alone. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALARM_KINDS, categoryOf } from '@shared/domain/alarm-kinds';
import { checkCatalogue } from '@shared/scripts/catalogue';
import { enumeratePaths } from '@shared/scripts/graph';
import { selectScript, localTime } from '@shared/scripts/select';
import { drive, inputsForPath, testContext } from '@shared/scripts/testing';
import { loadScriptFolder } from './load';

const folder = loadScriptFolder(join(import.meta.dirname, '..', '..', 'resources', 'scripts'));

describe('default scripts', () => {
  it('load without a problem and cover the whole alarm catalogue', () => {
    expect(folder.problems).toEqual([]);
    expect(checkCatalogue(folder.scripts, folder.centre, null)).toEqual([]);
    const at = localTime('2026-11-30T09:30:00Z');
    for (const kind of ALARM_KINDS) {
      expect(selectScript(folder.scripts, { kind, drill: false, siteId: null, time: at, holidays: folder.holidays }), kind).not.toBeNull();
      if (categoryOf(kind) === 'life-safety') expect(selectScript(folder.scripts, { kind, drill: true, siteId: null, time: at, holidays: [] })?.drill).toBe(true);
    }
  });

  for (const script of folder.scripts) {
    describe(script.id, () => {
      const paths = enumeratePaths(script);
      it('has no dead end', () => {
        expect(paths.filter((p) => p.end === 'dead-end')).toEqual([]);
        expect(paths.length).toBeGreaterThan(0);
      });
      for (const kind of script.kinds) {
        const ctx = testContext(kind, script.drill);
        paths.forEach(({ path, end }, n) => {
          it(`${kind} path ${n + 1}: ${path.map((p) => `${p.stepId}=${p.outcome}`).join(' → ')}`, () => {
            const { state, refused } = drive(script, ctx, inputsForPath(script, ctx, path));
            expect(refused).toBeNull();
            expect(state).not.toBeNull();
            if (end === 'close') {
              expect(state!.closed).not.toBeNull();
              // Every step on the way is recorded with its outcome (or skipped).
              for (const p of path.slice(0, -1)) expect(['done', 'skipped', 'current']).toContain(state!.steps[p.stepId]!.status);
            } else {
              // A loop (e.g. 17 busy → call 17 again): the script is back on a step already taken.
              expect(state!.closed).toBeNull();
              expect(path.map((p) => p.stepId)).toContain(state!.currentId);
            }
          });
        });
      }
    });
  }
});
