/**
 * The npm module as an app's bundler sees it: dist/index.mjs bundled, minified and split by
 * esbuild (as Vite, webpack or Next.js would), each output within its gzip budget. The first
 * load is the entry and the chunk it imports statically; the others are the lazily loaded
 * chunks (signing and credentials, performance, the words of diagnostics, interaction, replay).
 */
import * as esbuild from 'esbuild';
import fs from 'fs';
import path from 'path';
import zlib from 'zlib';

const ROOT = path.resolve(__dirname, '../..');
const budget = JSON.parse(fs.readFileSync(path.join(ROOT, 'size-budget.json'), 'utf8')) as Record<
  string,
  number
>;
/** The npm:* budgets in size-budget.json, the one source (see test/build/package.test.ts). */
const KEYS = Object.keys(budget).filter((k) => k.startsWith('npm:'));
/** The framework entries' budgets (`npm-entry:react` is dist/react.mjs), their peers external. */
const ENTRY_KEYS = Object.keys(budget).filter((k) => k.startsWith('npm-entry:'));

describe('the npm module in an app’s bundle', () => {
  const sizes: Record<string, number> = {};
  beforeAll(async () => {
    const out = await esbuild.build({
      entryPoints: [path.join(ROOT, 'dist/index.mjs')],
      bundle: true,
      minify: true,
      splitting: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      outdir: '/virtual',
      logLevel: 'error',
    });
    for (const f of out.outputFiles) {
      const name = path.basename(f.path);
      const lazy = /^(auth|performance|diagnostics|interaction|replay)-/.exec(name);
      const key = 'npm:' + (lazy ? lazy[1] : 'first-load');
      sizes[key] = (sizes[key] ?? 0) + zlib.gzipSync(f.contents, { level: 9 }).length;
    }
  });

  it('splits into the first load and the five lazy chunks', () => {
    expect(Object.keys(sizes).sort()).toEqual(
      ['first-load', 'auth', 'performance', 'diagnostics', 'interaction', 'replay']
        .map((k) => 'npm:' + k)
        .sort(),
    );
    expect(KEYS.sort()).toEqual(Object.keys(sizes).sort());
  });

  // Each budget is the achieved size rounded up to 64 B, at most one step more: never slack.
  it.each(KEYS)('keeps %s within its gzip budget, held at its achieved size', (key) => {
    expect(sizes[key]).toBeLessThanOrEqual(budget[key]);
    expect(budget[key]).toBeLessThanOrEqual(Math.ceil(sizes[key] / 64) * 64 + 64);
  });

  it.each(ENTRY_KEYS)(
    'keeps %s (bundled, react and react-router external) within its gzip budget, held at its achieved size',
    async (key) => {
      const out = await esbuild.build({
        entryPoints: [path.join(ROOT, `dist/${key.slice('npm-entry:'.length)}.mjs`)],
        bundle: true,
        minify: true,
        format: 'esm',
        platform: 'browser',
        external: ['react', 'react-router', 'react/jsx-runtime'],
        write: false,
        logLevel: 'error',
      });
      const size = out.outputFiles.reduce(
        (n, f) => n + zlib.gzipSync(f.contents, { level: 9 }).length,
        0,
      );
      expect(size).toBeLessThanOrEqual(budget[key]);
      expect(budget[key]).toBeLessThanOrEqual(Math.ceil(size / 64) * 64 + 64);
    },
  );

  it('budgets both framework entries', () =>
    expect(ENTRY_KEYS.sort()).toEqual(['npm-entry:react', 'npm-entry:react-router']));

  it('keeps the emulator’s server code out of the browser bundle', async () => {
    const out = await esbuild.build({
      entryPoints: [path.join(ROOT, 'dist/index.mjs')],
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      outdir: '/virtual',
      metafile: true,
      logLevel: 'error',
    });
    const inputs = Object.keys(out.metafile.inputs).join('\n');
    expect(inputs).not.toMatch(/ajv|@smithy|@aws-crypto|emulator\//);
  });
});
