/**
 * The npm module as an app's bundler sees it: dist/index.mjs bundled, minified and split by
 * esbuild (as Vite, webpack or Next.js would), each output within its gzip budget. The first
 * load is the entry and the chunk it imports statically; the others are the lazily loaded
 * chunks (signing and credentials, performance, its insights, the words of diagnostics,
 * interaction, replay).
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
      metafile: true,
    });
    const gz = new Map(
      out.outputFiles.map((f) => [
        path.relative('/virtual', f.path),
        zlib.gzipSync(f.contents, { level: 9 }).length,
      ]),
    );
    /** A file and what it imports statically, transitively: what loading it fetches. */
    const closure = (file: string, into = new Set<string>()): Set<string> => {
      if (into.has(file)) return into;
      into.add(file);
      // (The metafile's paths are relative to the working directory.)
      const meta = out.metafile!.outputs[path.relative(process.cwd(), path.join('/virtual', file))];
      for (const i of meta.imports)
        if (i.kind === 'import-statement') closure(path.basename(i.path), into);
      return into;
    };
    // The first load: the entry and its static imports. Each lazy chunk: it and what it
    // imports statically beyond the first load (a chunk shared by two lazy ones counts for
    // each: a page loading either fetches it).
    const first = closure('index.js');
    const sum = (files: Iterable<string>) => [...files].reduce((n, f) => n + gz.get(f)!, 0);
    sizes['npm:first-load'] = sum(first);
    const lazy = (name: string) => [...gz.keys()].find((f) => f.startsWith(name + '-'))!;
    for (const name of ['auth', 'performance', 'diagnostics', 'interaction', 'replay'])
      sizes['npm:' + name] = sum([...closure(lazy(name))].filter((f) => !first.has(f)));
    // The insights chunk is loaded by the performance chunk: beyond what that one fetched.
    const perf = closure(lazy('performance'));
    sizes['npm:insights'] = sum(
      [...closure(lazy('insights'))].filter((f) => !first.has(f) && !perf.has(f)),
    );
  });

  it('splits into the first load and the six lazy chunks', () => {
    expect(Object.keys(sizes).sort()).toEqual(
      ['first-load', 'auth', 'performance', 'insights', 'diagnostics', 'interaction', 'replay']
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
