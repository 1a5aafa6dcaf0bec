/**
 * A code-split app bundling the npm module (issue #14, item 9): the client's chunk files are
 * files of the app's build, named by its bundler; they are never recorded as resources, the
 * app's own resources are. Built with esbuild (the client's core becomes a chunk of its own
 * there) and with rollup (the core goes into the app's entry file, which is the app's).
 */
import fs from 'fs';
import path from 'path';
import { rollup } from 'rollup';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import {
  APP_ID,
  CREDS,
  type Page,
  useBrowserAndSite,
  waitForEvents,
  watchConsole,
} from '../harness';
import type { StoredEvent } from '../../../emulator';

jest.setTimeout(90_000);

const t = useBrowserAndSite();
const APP = path.join(__dirname, 'split.js');

/**
 * Each script file of a build (its URL path), and whose code it holds: 'app' (any of the app's
 * modules), 'client' (only the client's and its dependencies'), or 'bundler' (only the
 * bundler's runtime helpers, which no module brought).
 */
type Outputs = Map<string, 'app' | 'client' | 'bundler'>;
const APP_DIR = path.dirname(APP) + path.sep;
const whose = (inputs: string[]) =>
  inputs.some((i) => path.resolve(i).startsWith(APP_DIR))
    ? 'app'
    : inputs.length
      ? 'client'
      : 'bundler';
const urlPath = (file: string) =>
  '/' + path.relative(t.site.dir, path.resolve(file)).split(path.sep).join('/');

const esbuildApp = async (dir: string): Promise<Outputs> => {
  // A dev dependency ("Cannot find module 'esbuild'" until installed), typed here by what is used.
  const name = 'esbuild';
  const esbuild = (await import(name)) as {
    build(o: object): Promise<{ metafile: { outputs: Record<string, { inputs: object }> } }>;
  };
  const r = await esbuild.build({
    entryPoints: [APP],
    bundle: true,
    splitting: true,
    format: 'esm',
    minify: true,
    outdir: dir,
    metafile: true,
    logLevel: 'silent',
  });
  return new Map(
    Object.entries(r.metafile.outputs)
      .filter(([file]) => file.endsWith('.js'))
      .map(([file, o]) => [urlPath(file), whose(Object.keys(o.inputs))]),
  );
};

const rollupApp = async (dir: string): Promise<Outputs> => {
  const bundle = await rollup({
    input: APP,
    plugins: [nodeResolve({ browser: true })],
    onwarn: () => undefined,
  });
  const { output } = await bundle.write({ dir, format: 'es', entryFileNames: 'split.js' });
  await bundle.close();
  return new Map(
    output
      .filter((o) => o.type === 'chunk')
      .map((o) => [urlPath(path.join(dir, o.fileName)), whose(Object.keys(o.modules))]),
  );
};

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

const resourcePaths = (events: StoredEvent[]) =>
  events
    .filter((e) => e.event.type === 'com.amazon.rum.performance_resource_event')
    .map((e) => new URL(e.event.details.targetUrl as string).pathname);

/** Opens the app; sends once its route, the client's chunks and their problems are in. */
const run = async (page: Page, dir: string, entry: string) => {
  fs.mkdirSync(path.join(t.site.dir, 'split'), { recursive: true });
  fs.writeFileSync(path.join(t.site.dir, 'split/logo.png'), PNG);
  fs.writeFileSync(path.join(t.site.dir, 'split/app.css'), 'body { margin: 0 }');
  const url = t.site.page(
    `${dir}.html`,
    `<!doctype html><html><head><title>split app</title><script>window.E2E = ${JSON.stringify({
      appMonitorId: APP_ID,
      endpoint: t.site.emu.url,
      credentials: CREDS,
    })};</script><script type="module" src="/${dir}/${entry}"></script></head><body></body></html>`,
  );
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { appReady?: unknown }).appReady);
  await page.evaluate(() => (window as unknown as { appReady: Promise<unknown> }).appReady);
  // Every script file has loaded and been observed: each one a resource entry in the page.
  await page.waitForFunction(
    (files) => files.every((f) => performance.getEntriesByName(location.origin + f).length),
    [...(await outputsOf(dir)).keys()],
  );
  type Rum = { rum: { diagnose(): unknown; dispatch(): Promise<void> } };
  // The misspelt option's problem is put in words by the diagnostics chunk.
  await page.waitForFunction(() =>
    JSON.stringify((window as unknown as Rum).rum.diagnose()).includes('eventLimt'),
  );
  await page.evaluate(() => (window as unknown as Rum).rum.dispatch());
  return resourcePaths(
    await waitForEvents(t.site.emu, (e) => resourcePaths(e).includes('/split/logo.png')),
  );
};

const built = new Map<string, Outputs>();
const outputsOf = async (dir: string) => built.get(dir)!;

it.each<[string, (dir: string) => Promise<Outputs>, string]>([
  ['esbuild', esbuildApp, 'split.js'],
  ['rollup', rollupApp, 'split.js'],
])(
  'a %s code-split app: no resource event for the client chunk files, one for each file of the app',
  async (name, build, entry) => {
    const dir = `split-${name}`;
    const outputs = await build(path.join(t.site.dir, dir));
    built.set(dir, outputs);
    const files = (w: string) => [...outputs].filter(([, o]) => o === w).map(([f]) => f);
    const ours = files('client');
    const apps = files('app');
    // The client's four lazily loaded modules are chunks of the build (and, with esbuild, its
    // core as well); the entry and the route are the app's.
    expect(ours.length).toBeGreaterThanOrEqual(4);
    expect(apps).toEqual(expect.arrayContaining([`/${dir}/${entry}`]));
    expect(apps.length).toBe(2);
    const page = await t.browser.newPage();
    const con = watchConsole(page);
    const recorded = await run(page, dir, entry);
    expect(recorded.filter((p) => ours.includes(p))).toEqual([]);
    expect(recorded).toEqual(
      expect.arrayContaining([...apps, '/split/app.css', '/split/logo.png']),
    );
    expect(con.pageErrors).toEqual([]);
    await page.close();
  },
);
