import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findPackageRoot, readAppVersion, rendererDir } from './paths';

const ROOT = resolve(__dirname, '..', '..');

describe('run-time paths', () => {
  it('finds Veille’s package root and version from the sources', () => {
    expect(findPackageRoot()).toBe(ROOT);
    expect(readAppVersion()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    expect(rendererDir()).toBe(join(ROOT, 'out', 'renderer'));
  });
});
