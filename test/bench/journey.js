// The journey bench: a small real React app (React 19, react-router 7, a lazy route, an error
// boundary, a route that throws, two API calls; sources in test/bench/journey/) bundled by
// esbuild as apps bundle (bundle, minify, splitting, esm, browser, source maps), without a RUM
// client, with ours (dist/index.mjs) and with the predecessor (aws-rum-web's npm package, a
// black box). Both clients get the same config (journey/config.mjs: errors, http with every
// request recorded, so that the API calls are events, performance; manual page views; cookies;
// an access key) and the same calls. Two figures for each:
//
// - benchNpmApp(): gzip bytes the client adds to the app, at start (the entry and what it
//   imports statically) and in all (every output file), over the app without a client.
// - benchJourney({ rounds }): the main-thread self time of the client's code over a journey:
//   load /, the client ready (its first batch, with the page view of /, at the emulator), a
//   click to each of the three other routes (an API call; the lazy chunk and another call; the
//   error the boundary catches), leaving the page (its page-hide flush) and every expected event
//   at the emulator (else it throws). V8 CPU profiles over it all (two: the profiler starts over
//   with each new document), each frame mapped through the bundles' source maps to its original
//   file: ours is src/ (esbuild chains dist's maps) and the packages it brings (web-vitals); the
//   predecessor every package but React's and the router's. A fresh Chromium per sample, the
//   clients interleaved A B / B A.
//
// Standalone: `npm run build && node test/bench/journey.js` (BENCH_ROUNDS, default 5).
const fs = require('fs');
const os = require('os');
const path = require('path');
const zlib = require('zlib');
const esbuild = require('esbuild');
const { SourceMapConsumer } = require('source-map-js');
const { startEmulator } = require('cloudwatch-rum-web-emulator');
const { launchChromium } = require('../chromium');

const ROOT = path.resolve(__dirname, '../..');
const APP_DIR = path.join(__dirname, 'journey');
const APP = '0f2b8c1e-7a4d-4c3b-9e1f-5a6b7c8d9e0f';
const CREDS = { accessKeyId: 'AKIDBENCH00000000001', secretAccessKey: 'bench-secret' };
const VARIANTS = ['none', 'ours', 'predecessor'];
const NAMES = ['ours', 'predecessor'];
/** The app's own packages: what is neither the app's code nor a RUM client's. */
const APP_PACKAGES = new Set([
  'react',
  'react-dom',
  'react-router',
  'scheduler',
  'cookie',
  'set-cookie-parser',
]);
/** The sampling interval asked of V8, µs. */
const SAMPLING_US = 100;
/**
 * The most a sample counts for, ms. Samples come every ~0.2 ms here, but on this 2-CPU machine,
 * busy with the browser's other processes, the sampler sometimes skips 5 to 40 ms (a third of
 * the busy time in some profiles): time no sample saw, which the raw deltas would give to
 * whatever frame came before the gap. The figures count each sample for at most 10 intervals;
 * the unbounded sums are returned too (`raw`).
 */
const MAX_SAMPLE_MS = (10 * SAMPLING_US) / 1000;
/** The browser functions the clients wrap for the app (their own calls count for them). */
const WRAPPED = new Set(['fetch', 'open', 'send', 'setRequestHeader', 'pushState', 'replaceState']);
/** Nodes of a CPU profile that are no script's time. */
const NOT_SCRIPT = new Set(['(root)', '(program)', '(idle)', '(garbage collector)']);
const PAGE_VIEW = 'com.amazon.rum.page_view_event';
const JS_ERROR = 'com.amazon.rum.js_error_event';
const HTTP = 'com.amazon.rum.http_event';
const ROUTES = ['/', '/items', '/details', '/broken'];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const gzip = (buf) => zlib.gzipSync(buf, { level: 9 }).length;

/** `cloudwatch-rum-web` is this repository's built ESM entry, as an app installing it gets. */
const oursPlugin = {
  name: 'cloudwatch-rum-web',
  setup(build) {
    build.onResolve({ filter: /^cloudwatch-rum-web$/ }, () => ({
      path: path.join(ROOT, 'dist/index.mjs'),
    }));
  },
};

/**
 * Builds one variant of the app into `outdir` (a static site: index.html, main.js, chunks).
 * The app's sources are copied beside it into a package of their own (`"type": "module"`, as
 * an app created by Vite has), resolving packages from this repository's node_modules: built
 * in place, they would belong to this repository's package (`"type": "commonjs"`), for which
 * esbuild wraps every module a dynamic import reaches in a lazy initialiser, which apps don't get.
 */
async function buildApp(variant, outdir) {
  if (!fs.existsSync(path.join(ROOT, 'dist/index.mjs')))
    throw new Error('dist/index.mjs is missing: run `flock /tmp/build.lock npm run build` first');
  const src = `${outdir}-src`;
  fs.cpSync(APP_DIR, src, { recursive: true });
  fs.writeFileSync(
    path.join(src, 'package.json'),
    JSON.stringify({ name: 'journey-app', private: true, type: 'module' }),
  );
  fs.mkdirSync(path.join(outdir, 'api'), { recursive: true });
  const out = await esbuild.build({
    absWorkingDir: src,
    nodePaths: [path.join(ROOT, 'node_modules')],
    entryPoints: { main: path.join(src, `${variant}.jsx`) },
    bundle: true,
    minify: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    sourcemap: true,
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    outdir,
    metafile: true,
    logLevel: 'error',
    plugins: [oursPlugin],
  });
  fs.copyFileSync(path.join(src, 'index.html'), path.join(outdir, 'index.html'));
  fs.writeFileSync(path.join(outdir, 'blank.html'), '<!doctype html><title>left</title>');
  fs.writeFileSync(path.join(outdir, 'favicon.ico'), '');
  fs.writeFileSync(
    path.join(outdir, 'api/items.json'),
    JSON.stringify(Array.from({ length: 20 }, (_, i) => ({ id: i, name: `Item ${i}` }))),
  );
  fs.writeFileSync(
    path.join(outdir, 'api/details.json'),
    JSON.stringify({ id: 7, name: 'Details', price: 12.5, stock: 3 }),
  );
  // (The metafile's paths are relative to the working directory.)
  return { outdir, metafile: out.metafile, metafileDir: src };
}

/** Gzip bytes of a built app: at start (main.js and its static imports) and in all. */
function appBytes({ outdir, metafile, metafileDir }) {
  const outputs = {};
  for (const [file, meta] of Object.entries(metafile.outputs)) {
    if (file.endsWith('.map')) continue;
    outputs[path.relative(outdir, path.resolve(metafileDir, file))] = meta;
  }
  const gz = (f) => gzip(fs.readFileSync(path.join(outdir, f)));
  const closure = (file, into = new Set()) => {
    if (into.has(file)) return into;
    into.add(file);
    for (const i of outputs[file].imports)
      if (i.kind === 'import-statement')
        closure(path.relative(outdir, path.resolve(metafileDir, i.path)), into);
    return into;
  };
  const sum = (files) => [...files].reduce((n, f) => n + gz(f), 0);
  return { start: sum(closure('main.js')), all: sum(Object.keys(outputs)) };
}

/**
 * Gzip bytes each client adds to the app: `{ ours, predecessor, none }`, each `{ start, all }`
 * (none: the app's own bytes; the clients: theirs over the app's).
 */
async function benchNpmApp() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cwr-journey-bytes-'));
  try {
    const bytes = {};
    for (const v of VARIANTS) bytes[v] = appBytes(await buildApp(v, path.join(tmp, v)));
    const added = (v) => ({
      start: bytes[v].start - bytes.none.start,
      all: bytes[v].all - bytes.none.all,
    });
    return {
      ours: added('ours'),
      predecessor: added('predecessor'),
      none: { start: bytes.none.start, all: bytes.none.all },
    };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Who an original source file (an absolute path) belongs to: 'client' (ours: src/ and dist/;
 * any package but the app's, which only a client brings), 'lib' (React, react-router and
 * their dependencies) or 'app' (the app's own code).
 */
function ownerOf(variant, file) {
  const parts = file.split(path.sep);
  const nm = parts.lastIndexOf('node_modules');
  if (nm >= 0) {
    const pkg = parts[nm + 1]?.startsWith('@')
      ? `${parts[nm + 1]}/${parts[nm + 2]}`
      : parts[nm + 1];
    return APP_PACKAGES.has(pkg) ? 'lib' : 'client';
  }
  if (
    variant === 'ours' &&
    ['src', 'dist'].some((d) => file.startsWith(path.join(ROOT, d) + path.sep))
  )
    return 'client';
  return 'app';
}

/** A short name for an original file: `src/…` for ours, the package path, `app/…` for the app. */
function shortName(file) {
  const nm = file.lastIndexOf(`${path.sep}node_modules${path.sep}`);
  if (nm >= 0) return file.slice(nm + '/node_modules/'.length);
  if (file.startsWith(ROOT + path.sep)) return path.relative(ROOT, file);
  return `app/${path.basename(file)}`;
}

const IDENT = /[A-Za-z_$][\w$]*/.source;
const MODIFIERS = '(?:(?:public|private|protected|static|async|override|readonly|get|set)\\s+)*';
const NOT_NAMES = new Set(['async', 'function', 'return', 'new', 'await', 'if', 'for', 'while']);

/**
 * A function's name from its original source line and the position V8 gives for it (the start
 * of its parameters, mapped back): `name = (…) =>`, `name: async (…) =>`, `function name(…)`, a
 * method `name(…)`; '' for an anonymous function.
 */
function nameAt(text, column) {
  const before = text.slice(0, column);
  const after = text.slice(column);
  const method = new RegExp(`^${MODIFIERS}(${IDENT})\\s*[(<]`).exec(after);
  if (method && !NOT_NAMES.has(method[1]) && new RegExp(`(^|[{,;])\\s*${MODIFIERS}$`).test(before))
    return method[1];
  const head = before.replace(/(?:\s|\(|\basync\b|\bfunction\b\*?)*$/, '');
  const named =
    new RegExp(`\\bfunction\\*?\\s+(${IDENT})\\s*(?:<[^>]*>)?$`).exec(before.trimEnd()) ||
    new RegExp(`(${IDENT})\\s*(?:=|:|\\?:)$`).exec(head.trimEnd()) ||
    new RegExp(`(${IDENT})\\s*(?::[^=]*)?=$`).exec(head.trimEnd());
  return named && !NOT_NAMES.has(named[1]) ? named[1] : '';
}

/**
 * Maps the call frames of a built app's CPU profile to original files and functions, through
 * the bundles' source maps (esbuild chains them through dist's own maps to src/): `{ file,
 * owner, fn }`, or null for a position no map covers (esbuild's runtime helpers).
 */
function sourceMapper(variant, outdir, origin) {
  const bundles = new Map();
  const bundle = (url) => {
    if (!url.startsWith(origin + '/')) return null;
    const file = path.join(outdir, url.slice(origin.length + 1).split(/[?#]/)[0]);
    if (!bundles.has(file)) {
      const mapFile = file + '.map';
      let b = null;
      if (fs.existsSync(mapFile)) {
        const consumer = new SourceMapConsumer(JSON.parse(fs.readFileSync(mapFile, 'utf8')));
        const owners = new Set(
          consumer.sources.map((s) => ownerOf(variant, path.resolve(outdir, s))),
        );
        b = {
          consumer,
          name: path.basename(file),
          owner: owners.size === 1 ? [...owners][0] : null,
        };
      }
      bundles.set(file, b);
    }
    return bundles.get(file);
  };
  const texts = new Map();
  const sourceLine = (c, source, line) => {
    if (!texts.has(source)) texts.set(source, (c.sourceContentFor(source, true) ?? '').split('\n'));
    return texts.get(source)[line - 1] ?? '';
  };
  const cache = new Map();
  const mapFrame = (frame) => {
    const key = `${frame.url}:${frame.lineNumber}:${frame.columnNumber}`;
    if (cache.has(key)) return cache.get(key);
    let result = null;
    const b = bundle(frame.url);
    if (b && !frame.functionName && frame.lineNumber === 0 && frame.columnNumber === 0) {
      // A chunk's top level: the top-level code of every module in it, owned by whoever owns
      // all of them (a chunk of the client's modules only), else by no one in particular.
      const file = `(top level of ${b.name})`;
      result = { file, owner: b.owner ?? 'other', fn: file };
    } else if (b) {
      const pos = b.consumer.originalPositionFor({
        line: frame.lineNumber + 1,
        column: frame.columnNumber,
        bias: SourceMapConsumer.GREATEST_LOWER_BOUND,
      });
      if (pos.source) {
        const file = path.resolve(outdir, pos.source);
        const name = nameAt(sourceLine(b.consumer, pos.source, pos.line), pos.column);
        result = {
          file: shortName(file),
          owner: ownerOf(variant, file),
          fn: `${shortName(file)}:${name || '(anonymous)'}:${pos.line}`,
        };
      }
    }
    cache.set(key, result);
    return result;
  };
  mapFrame.inBundle = (frame) => !!bundle(frame.url);
  return mapFrame;
}

/**
 * Self time (ms) per owner, original file and function over CPU profiles, from the samples'
 * `timeDeltas`: a sample lasts until the next one (the last one until the profile's end), at
 * most MAX_SAMPLE_MS; `raw` has the owners' sums without that bound.
 * (program), (idle) and (root) count for no one, the garbage collector on its own. Frames no
 * source map covers:
 * - esbuild's module wrappers (`__commonJS`, `__esm`): their self time is the lazy compilation
 *   of the module function they call, which V8 counts for the caller; it and that function's
 *   own self time (the module's top level) count as that module's init;
 * - a native function (a DOM getter, sendBeacon): its caller's, except a wrapped function the
 *   app calls through a client's wrapper (fetch, XHR, pushState), which is the app's. (V8 shows
 *   some natives as no frame of their own, pushState among them: their time is the caller's
 *   self time, a client's wrapper's when there is one);
 * - anything else (Playwright's own scripts, say): no one's ('other').
 */
function selfTimes(profiles, map) {
  const t = { client: 0, app: 0, lib: 0, other: 0, gc: 0, files: {}, fns: {} };
  t.raw = { client: 0, app: 0, lib: 0, other: 0, gc: 0 };
  const OTHER = { file: '(other script)', owner: 'other', fn: '(other script)' };
  for (const profile of profiles) {
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const mapped = new Map();
    const direct = (id) => {
      if (!mapped.has(id)) {
        const f = byId.get(id).callFrame;
        mapped.set(id, f.url ? map(f) : null);
      }
      return mapped.get(id);
    };
    const caller = (id) => {
      for (let p = parent.get(id); p !== undefined; p = parent.get(p))
        if (direct(p)) return direct(p);
      return null;
    };
    /** An esbuild runtime helper (`__commonJS`, `__esm`, …): in a bundle, covered by no map. */
    const helper = (id) => {
      const f = byId.get(id).callFrame;
      return !!f.url && map.inBundle(f) && !direct(id);
    };
    const init = (o) => ({
      file: `${o.file} (module init)`,
      owner: o.owner,
      fn: `${o.file}:(module init)`,
    });
    const owners = new Map();
    const ownerOfNode = (id) => {
      if (owners.has(id)) return owners.get(id);
      const f = byId.get(id).callFrame;
      let o = null;
      if (f.url || !NOT_SCRIPT.has(f.functionName)) {
        o = direct(id);
        if (o && parent.has(id) && helper(parent.get(id))) o = init(o);
        if (!o && helper(id)) {
          const c = (byId.get(id).children ?? []).find((k) => direct(k));
          if (c !== undefined) o = init(direct(c));
        }
        if (!o && !f.url) {
          // A native function: its caller's, unless a client's wrapper called it for the app
          // (the app's fetch through the http telemetry's wrapper): then the app's.
          let p = parent.get(id);
          while (p !== undefined && !direct(p)) p = parent.get(p);
          if (p !== undefined) {
            o = direct(p);
            if (o.owner === 'client' && WRAPPED.has(f.functionName)) {
              let q = parent.get(p);
              while (q !== undefined && !direct(q)) q = parent.get(q);
              if (q !== undefined && direct(q).owner !== 'client') o = direct(q);
            }
          }
        }
        o ??= caller(id) ?? OTHER;
      }
      owners.set(id, o);
      return o;
    };
    const stamps = [];
    let at = profile.startTime;
    for (const d of profile.timeDeltas) stamps.push((at += d));
    profile.samples.forEach((id, i) => {
      const raw = ((i + 1 < stamps.length ? stamps[i + 1] : profile.endTime) - stamps[i]) / 1000;
      const ms = Math.min(raw, MAX_SAMPLE_MS);
      if (byId.get(id).callFrame.functionName === '(garbage collector)') {
        t.gc += ms;
        t.raw.gc += raw;
        return;
      }
      const o = ownerOfNode(id);
      if (!o) return;
      t[o.owner] += ms;
      t.raw[o.owner] += raw;
      if (o.owner === 'client') {
        t.files[o.file] = (t.files[o.file] ?? 0) + ms;
        t.fns[o.fn] = (t.fns[o.fn] ?? 0) + ms;
      }
    });
  }
  return t;
}

/** What a client must have sent over the journey: each route's page view, the error, both calls. */
function checkEvents(emu) {
  const events = emu.events({ appMonitorId: APP });
  const pages = new Set(
    events.filter((e) => e.event.type === PAGE_VIEW).map((e) => e.event.details.pageId),
  );
  const errors = events.filter((e) => e.event.type === JS_ERROR);
  const http = events
    .filter((e) => e.event.type === HTTP)
    .map((e) => e.event.details.request?.url ?? '');
  const missing = [
    ...ROUTES.filter((r) => !pages.has(r)).map((r) => `page view ${r}`),
    ...(errors.some((e) => /Broken route/.test(JSON.stringify(e.event.details)))
      ? []
      : ['the js error']),
    ...['/api/items.json', '/api/details.json']
      .filter((u) => !http.some((h) => h.includes(u)))
      .map((u) => `http event ${u}`),
  ];
  return { missing, events: events.length };
}

const waitFor = async (what, fn, timeout = 30000) => {
  const t0 = Date.now();
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() - t0 > timeout) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

/**
 * One journey in a fresh browser, profiled: selfTimes() of its profiles, and `hide`, the
 * client's time in the page-hide profile.
 */
async function journey(name, site, emu, map) {
  emu.reset();
  const browser = await launchChromium();
  try {
    const page = await (await browser.newContext()).newPage();
    const failures = [];
    page.on('pageerror', (e) => failures.push(String(e)));
    // The profiler restarts with each new document (what it had is lost), so two profiles:
    // the app's document, from a blank page of the same origin (the profiler is on when the app
    // loads), to the last route; then, from just before leaving, the page's hide and flush.
    await page.goto(`${emu.url}/blank.html`);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: SAMPLING_US });
    await cdp.send('Profiler.start');
    await page.goto(`${emu.url}/`);
    await page.waitForSelector('#home');
    // Ready: the client has started, signed and delivered its first batch (the page view of /).
    await waitFor(`${name}'s first page view`, () =>
      emu.events({ type: PAGE_VIEW }).some((e) => e.event.details.pageId === '/'),
    );
    await page.click('#nav-items');
    await page.waitForSelector('#items-loaded');
    await page.click('#nav-details');
    await page.waitForSelector('#details-loaded');
    await page.click('#nav-broken');
    await page.waitForSelector('#boundary-caught');
    const profiles = [(await cdp.send('Profiler.stop')).profile];
    await cdp.send('Profiler.start');
    // Leave the page (its page-hide flush runs), then wait for everything to arrive.
    await page.goto(`${emu.url}/blank.html`);
    let check;
    await waitFor(`${name}'s events`, () => (check = checkEvents(emu)).missing.length === 0).catch(
      () => {
        throw new Error(
          `${name}: the emulator did not receive ${check.missing.join(', ')} (${check.events} events)`,
        );
      },
    );
    profiles.push((await cdp.send('Profiler.stop')).profile);
    // The second profile must hold the old document's hide: the client's code in it.
    const hide = selfTimes([profiles[1]], map);
    if (!(hide.client > 0)) throw new Error(`${name}: the page-hide profile has no client code`);
    const refused = emu
      .requests()
      .filter((r) => r.operation === 'PutRumEvents' && r.status !== 200);
    if (refused.length)
      throw new Error(`${name}: PutRumEvents refused: ${refused.map((r) => r.message)}`);
    const unexpected = failures.filter((f) => !/Broken route/.test(f));
    if (unexpected.length) throw new Error(`${name}: page errors: ${unexpected.join('; ')}`);
    const t = selfTimes(profiles, map);
    t.hide = hide.client;
    if (!(t.client > 0)) throw new Error(`${name}: no sample of the client in the profile`);
    return t;
  } finally {
    await browser.close();
  }
}

/**
 * The client's main-thread self time (ms) over the journey, `rounds` samples of each client
 * interleaved A B / B A, each in a fresh browser: `{ ours, predecessor }` (ms per sample),
 * `top` (our client's files and functions by median self time, `{ name, ms }`), and
 * `raw`, `hide`, `breakdown`, `predecessorTop` (see below).
 */
async function benchJourney({ rounds = Number(process.env.BENCH_ROUNDS || 5), log } = {}) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cwr-journey-'));
  const emus = {};
  try {
    const sites = {};
    for (const name of NAMES) {
      sites[name] = await buildApp(name, path.join(tmp, name));
      emus[name] = await startEmulator({
        appMonitors: [{ id: APP, region: 'us-west-2' }],
        credentials: [CREDS],
        staticDir: sites[name].outdir,
      });
      if (name === 'ours') {
        // esbuild bundles dist/ and reads dist's own source maps: the app's maps must reach src/.
        const outdir = sites[name].outdir;
        const reaches = fs
          .readdirSync(outdir)
          .filter((f) => f.endsWith('.js.map'))
          .some((f) =>
            JSON.parse(fs.readFileSync(path.join(outdir, f), 'utf8')).sources.some((s) =>
              path.resolve(outdir, s).startsWith(path.join(ROOT, 'src') + path.sep),
            ),
          );
        if (!reaches) throw new Error("the app's source maps do not reach src/ through dist's");
      }
    }
    const maps = Object.fromEntries(
      NAMES.map((n) => [n, sourceMapper(n, sites[n].outdir, emus[n].url)]),
    );
    const samples = { ours: [], predecessor: [] };
    for (let round = 0; round < rounds; round++) {
      for (const name of round % 2 ? [...NAMES].reverse() : NAMES) {
        const t = await journey(name, sites[name], emus[name], maps[name]);
        samples[name].push(t);
        log?.(
          `round ${round + 1} ${name}: client ${t.client.toFixed(1)} ms (raw ${t.raw.client.toFixed(1)}, hide ${t.hide.toFixed(1)}), app ${t.app.toFixed(1)}, react & router ${t.lib.toFixed(1)}, other ${t.other.toFixed(1)}, gc ${t.gc.toFixed(1)}`,
        );
      }
    }
    const top = (name, key, n) => {
      const all = new Set(samples[name].flatMap((t) => Object.keys(t[key])));
      return [...all]
        .map((k) => ({ name: k, ms: median(samples[name].map((t) => t[key][k] ?? 0)) }))
        .sort((x, y) => y.ms - x.ms)
        .slice(0, n);
    };
    const each = (fn) => Object.fromEntries(NAMES.map((n) => [n, samples[n].map(fn)]));
    const breakdown = (name) =>
      Object.fromEntries(
        ['client', 'app', 'lib', 'other', 'gc'].map((k) => [
          k,
          median(samples[name].map((t) => t[k])),
        ]),
      );
    return {
      ours: samples.ours.map((t) => t.client),
      predecessor: samples.predecessor.map((t) => t.client),
      top: { files: top('ours', 'files', 25), functions: top('ours', 'fns', 25) },
      // The same without the bound on a sample's time; the client's part of the page-hide profile.
      raw: each((t) => t.raw.client),
      hide: each((t) => t.hide),
      // Medians of everything in the profiles: the client, the app's code, React and the router
      // ('lib'), other scripts (Playwright's), the garbage collector.
      breakdown: { ours: breakdown('ours'), predecessor: breakdown('predecessor') },
      predecessorTop: {
        files: top('predecessor', 'files', 15),
        functions: top('predecessor', 'fns', 15),
      },
    };
  } finally {
    for (const e of Object.values(emus)) await e.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

module.exports = { benchNpmApp, benchJourney };

if (require.main === module) {
  (async () => {
    const began = Date.now();
    const secs = () => `${((Date.now() - began) / 1000).toFixed(0)} s`;
    const kb = (n) => (n / 1024).toFixed(2);
    const bytes = await benchNpmApp();
    console.log('\nnpm app (React 19 + react-router 7, esbuild, minified, split), gzip KB');
    console.log('| | at start | all files |\n|---|---|---|');
    console.log(`| app without a client | ${kb(bytes.none.start)} | ${kb(bytes.none.all)} |`);
    for (const n of NAMES)
      console.log(`| added by ${n} | ${kb(bytes[n].start)} | ${kb(bytes[n].all)} |`);
    console.log(
      `| ratio ours / predecessor | ${(bytes.ours.start / bytes.predecessor.start).toFixed(2)} | ${(bytes.ours.all / bytes.predecessor.all).toFixed(2)} |`,
    );
    const rounds = Number(process.env.BENCH_ROUNDS || 5);
    const j = await benchJourney({ rounds, log: (l) => console.log(`${l} (${secs()})`) });
    const f = (xs) => xs.map((x) => x.toFixed(1)).join(', ');
    const mo = median(j.ours);
    const mp = median(j.predecessor);
    console.log(`\njourney: main-thread self time of the client, ms (${rounds} rounds, median)`);
    console.log('| | median | samples |\n|---|---|---|');
    console.log(`| ours | ${mo.toFixed(1)} | ${f(j.ours)} |`);
    console.log(`| predecessor | ${mp.toFixed(1)} | ${f(j.predecessor)} |`);
    console.log(`| ratio ours / predecessor | ${(mo / mp).toFixed(2)} | |`);
    console.log(
      `(without the ${MAX_SAMPLE_MS} ms bound per sample: ours ${median(j.raw.ours).toFixed(1)}, predecessor ${median(j.raw.predecessor).toFixed(1)}; of it in the page-hide profile: ours ${median(j.hide.ours).toFixed(1)}, predecessor ${median(j.hide.predecessor).toFixed(1)})`,
    );
    for (const n of NAMES) {
      const b = j.breakdown[n];
      console.log(
        `${n}, medians: client ${b.client.toFixed(1)}, app ${b.app.toFixed(1)}, react & router ${b.lib.toFixed(1)}, other ${b.other.toFixed(1)}, gc ${b.gc.toFixed(1)} ms`,
      );
    }
    console.log('\nours: top files by median self time, ms');
    for (const t of j.top.files) console.log(`  ${t.ms.toFixed(2).padStart(7)}  ${t.name}`);
    console.log('\nours: top functions by median self time, ms');
    for (const t of j.top.functions) console.log(`  ${t.ms.toFixed(2).padStart(7)}  ${t.name}`);
    for (const [label, list] of [
      ['predecessor: top files', j.predecessorTop.files],
      ['predecessor: top functions', j.predecessorTop.functions],
    ]) {
      console.log(`\n${label} by median self time, ms`);
      for (const t of list) console.log(`  ${t.ms.toFixed(2).padStart(7)}  ${t.name}`);
    }
    console.log(`\ndone in ${secs()}`);
  })().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
