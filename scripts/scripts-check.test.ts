/** npm run scripts:check as an administrator runs it: the real CLI on real files. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
function check(...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'scripts-check.mjs'), ...args], { encoding: 'utf8', env: { ...process.env, INIT_CWD: root } });
  return { status: r.status, out: r.stdout + r.stderr };
}
function file(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'veille-scripts-'));
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
}

describe('scripts:check', () => {
  it('passes on the default scripts', () => {
    const r = check();
    expect(r.out).toContain('every alarm kind covered');
    expect(r.status).toBe(0);
  });

  it('fails on a broken script, with file and line for each problem', () => {
    const f = file(
      'broken.yaml',
      [
        'id: broken', // 1
        'version: 1', // 2
        'title: Cassé', // 3
        'kinds: [ppms.intrusion]', // 4
        'steps:', // 5
        '  - id: listen', // 6
        '    kind: listen', // 7
        '    mode: discreet', // 8
        '    title: Écoute', // 9
        '    next: { confirmed: call-17, doubt: call-17, false-alarm: call-17 }', // 10
        '  - id: orphan', // 11
        '    kind: info', // 12
        '    title: Jamais atteinte', // 13
        '    text: personne ne vient ici', // 14
        '  - id: call-17', // 15
        '    kind: call', // 16
        '    contact: police-17', // 17
        '    title: Appeler le 17', // 18
        '',
      ].join('\n'),
    );
    const r = check(f);
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/broken\.yaml:11: unreachable step "orphan"/);
    expect(r.out).toMatch(/broken\.yaml:15: dead end: step "call-17"/);
    expect(r.out).toContain('no close step can be reached');
  });

  it('fails on a schema error at its line (an unknown contact)', () => {
    const f = file('contact.yaml', 'id: c\nversion: 1\ntitle: C\nkinds: [ms70.fire]\nsteps:\n  - id: a\n    kind: call\n    contact: pizzeria\n    title: A\n  - { id: z, kind: close, title: Z }\n');
    const r = check(f);
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/contact\.yaml:8: steps\.0\.contact: expected one of police-17/);
  });

  it('fails on a drill script that reaches 17', () => {
    const f = file(
      'drill-17.yaml',
      'id: bad-drill\nversion: 1\ntitle: Exercice\ndrill: true\nkinds: [ppms.intrusion]\nsteps:\n  - { id: listen, kind: listen, mode: discreet, title: Écoute }\n  - id: call-17\n    kind: call\n    contact: police-17\n    title: Appeler le 17\n  - { id: close, kind: close, title: Clore }\n',
    );
    const r = check(f);
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/drill-17\.yaml:10: drill script reaches police-17 at step "call-17"/);
  });
});
