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

async function crossLayer(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'veille/layer-imports').map((m) => m.message);
}
const importFrom = (specifier: string) => `import { x } from '${specifier}';\nexport const y = x;\n`;

describe('layering lint: relative imports across layers', () => {
  it('rejects renderer/ reaching into main/, server/ or preload/, allows shared/', async () => {
    expect((await crossLayer('renderer/src/features/sample.ts', importFrom('../../../main/host/host'))).join(' ')).toMatch(/into main\/.*only from renderer\/, shared\//);
    expect(await crossLayer('renderer/src/sample.tsx', importFrom('../../server/hub/index'))).toHaveLength(1);
    expect(await crossLayer('renderer/src/sample.ts', importFrom('../../preload/index'))).toHaveLength(1);
    expect(await crossLayer('renderer/src/sample.ts', "export const m = () => import('../../main/browser');\n")).toHaveLength(1);
    expect(await crossLayer('renderer/src/sample.ts', importFrom('../../shared/contract/requests'))).toEqual([]);
    expect(await crossLayer('renderer/src/sample.ts', importFrom('@shared/contract'))).toEqual([]);
    expect(await crossLayer('renderer/src/features/sample.ts', importFrom('../store/store'))).toEqual([]);
  });

  it('rejects main/ reaching into server/ or renderer/, except the embedded demo and tests', async () => {
    expect((await crossLayer('main/journal/sample.ts', importFrom('../../server/hub/index'))).join(' ')).toMatch(/into server\//);
    expect(await crossLayer('main/host/sample.ts', importFrom('../../renderer/src/App'))).toHaveLength(1);
    expect(await crossLayer('main/host/sample.ts', "export * from '../../server/hub/paths';\n")).toHaveLength(1);
    expect(await crossLayer('main/host/sample.ts', importFrom('../journal/journal'))).toEqual([]);
    expect(await crossLayer('main/host/sample.ts', importFrom('../../shared/domain/case'))).toEqual([]);
    expect(await crossLayer('main/embedded/sample.ts', importFrom('../../server/hub/index'))).toEqual([]);
    expect(await crossLayer('main/host/sample.test.ts', importFrom('../../server/hub/index'))).toEqual([]);
    expect(await crossLayer('main/host/sample.test.ts', importFrom('../../renderer/src/App'))).toHaveLength(1);
  });

  it('rejects shared/ reaching anywhere outside shared/', async () => {
    expect((await crossLayer('shared/contract/sample.ts', importFrom('../../main/log/logger'))).join(' ')).toMatch(/into main\/.*only from shared\//);
    expect(await crossLayer('shared/domain/sample.ts', "import type { Host } from '../../main/host/host';\nexport type H = Host;\n")).toHaveLength(1);
    expect(await crossLayer('shared/domain/sample.ts', importFrom('../../renderer/src/App'))).toHaveLength(1);
    expect(await crossLayer('shared/sample.ts', importFrom('../package.json'))).toHaveLength(1);
    expect(await crossLayer('shared/contract/sample.ts', importFrom('../../../elsewhere/x'))).toHaveLength(1);
    expect(await crossLayer('shared/contract/sample.ts', importFrom('../domain/case'))).toEqual([]);
  });

  it('rejects server/ reaching into main/ or renderer/, allows shared/', async () => {
    expect((await crossLayer('server/hub/sample.ts', importFrom('../../main/journal/journal'))).join(' ')).toMatch(/into main\//);
    expect(await crossLayer('server/simulator/sample.ts', importFrom('../../renderer/src/App'))).toHaveLength(1);
    expect(await crossLayer('server/hub/sample.ts', importFrom('../simulator/index'))).toEqual([]);
    expect(await crossLayer('server/hub/sample.ts', importFrom('../../shared/hub-protocol/console'))).toEqual([]);
  });

  it('rejects preload/ reaching into main/', async () => {
    expect(await crossLayer('preload/sample.ts', importFrom('../main/host/host'))).toHaveLength(1);
    expect(await crossLayer('preload/sample.ts', importFrom('../shared/contract'))).toEqual([]);
  });
});
