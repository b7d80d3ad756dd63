// Installing secret-guard into a project: the tarball `npm pack` makes installs offline, as one package, with
// `secret-guard` on node_modules/.bin; dist/ is self-contained and carries the licences of what it bundles.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { cliBundle } from '../helpers/cli.js';
import { installTarball, npmEnv, packTarball } from '../helpers/npm-package.js';

describe('the npm package', () => {
  it('has no runtime dependencies: dist/ bundles them', () => {
    expect(pkg).not.toHaveProperty('dependencies');
    expect(pkg).not.toHaveProperty('peerDependencies');
    expect(pkg).not.toHaveProperty('optionalDependencies');
  });

  it('packs dist/ and the hooks, and nothing of the sources or tests', () => {
    const listing = execFileSync('tar', ['-tzf', packTarball()], { encoding: 'utf8' }).split('\n');
    expect(listing).toContain('package/dist/cli.js');
    expect(listing).toContain('package/dist/THIRD-PARTY-NOTICES.txt');
    expect(listing).toContain('package/hooks/pre-commit');
    expect(listing).toContain('package/package.json');
    expect(listing.filter((f) => /^package\/(src|test|scripts)\//.test(f))).toEqual([]);
  });

  it('installs offline into a fresh project as one package, with secret-guard on node_modules/.bin', () => {
    const project = mkdtempSync(join(tmpdir(), 'sg-project-'));
    installTarball(project);
    expect(readdirSync(join(project, 'node_modules')).filter((n) => !n.startsWith('.'))).toEqual([
      'secret-guard',
    ]);
    const bin = join(project, 'node_modules', '.bin', 'secret-guard');
    expect(existsSync(bin)).toBe(true);
    expect(execFileSync(bin, ['--version'], { cwd: project, encoding: 'utf8' })).toBe(`${pkg.version}\n`);
    // What the README's hook lines run: the project's own copy, never one fetched from the registry.
    const viaNpx = execFileSync('npx', ['--offline', '--no-install', 'secret-guard', '--version'], {
      cwd: project,
      env: npmEnv,
      encoding: 'utf8',
    });
    expect(viaNpx).toBe(`${pkg.version}\n`);
    const manifest = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    expect(Object.keys(manifest.devDependencies)).toEqual(['secret-guard']);
  });
});

describe('dist/', () => {
  const dist = (): string => dirname(cliBundle());
  const scripts = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? scripts(join(dir, e.name)) : e.name.endsWith('.js') ? [join(dir, e.name)] : [],
    );

  it('loads every chunk with no node_modules anywhere around it', () => {
    // A copy in a folder of its own: an import of anything but its own files and Node built-ins fails here.
    const alone = mkdtempSync(join(tmpdir(), 'sg-dist-alone-'));
    cpSync(dist(), alone, { recursive: true });
    const chunks = scripts(join(alone, 'chunks'));
    expect(chunks.length).toBeGreaterThan(5);
    const loader = `for (const f of ${JSON.stringify(chunks)}) await import(f); console.log('loaded');`;
    const loaded = execFileSync(process.execPath, ['--input-type=module', '-e', loader], {
      cwd: alone,
      encoding: 'utf8',
    });
    expect(loaded).toBe('loaded\n');
  });

  it('carries the licence texts of the packages it bundles', () => {
    const notices = readFileSync(join(dist(), 'THIRD-PARTY-NOTICES.txt'), 'utf8');
    for (const name of ['@aws-sdk/client-iam', '@aws-sdk/client-sts', 'yaml', 'micromatch']) {
      expect(notices).toMatch(new RegExp(`^${name.replace('/', '\\/')}@\\d+\\.\\d+\\.\\d+ \\(`, 'm'));
    }
    expect(notices).toContain('Apache License');
    expect(notices).toContain('Version 2.0, January 2004');
    expect(notices).toContain('Permission is hereby granted, free of charge');
  });
});
