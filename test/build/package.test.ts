/**
 * What `npm run build` produced: the CDN bundle within its gzip budget, the npm module's
 * entry points and runtime exports, the version stamp. Runs after the build (npm test builds).
 */
import fs from 'fs';
import path from 'path';
import zlib from 'zlib';

const ROOT = path.resolve(__dirname, '../..');
const read = (f: string) => fs.readFileSync(path.join(ROOT, f));
const pkg = JSON.parse(read('package.json').toString());

describe('the build', () => {
  const budget = JSON.parse(read('size-budget.json').toString()) as Record<string, number>;

  it.each(Object.keys(budget).filter((k) => k.startsWith('dist/')))(
    'keeps %s within its gzip budget',
    (file) => {
      const gz = zlib.gzipSync(read(file), { level: 9 }).length;
      expect(gz).toBeLessThanOrEqual(budget[file]);
    },
  );

  // One source for the budgets: size-budget.json. Each is the achieved size rounded up to 64 B
  // (and at most one step of 64 B more), so a budget is never slack: bytes saved must be
  // taken in the file, and a budget goes up only with the size, by a decision written in
  // CHANGELOG.md (each raise there says by what and why).
  it.each(Object.keys(budget).filter((k) => k.startsWith('dist/')))(
    'holds %s at its achieved size',
    (file) => {
      const gz = zlib.gzipSync(read(file), { level: 9 }).length;
      expect(budget[file]).toBeLessThanOrEqual(Math.ceil(gz / 64) * 64 + 64);
    },
  );

  it('writes the CDN bundle as a classic script with the signer chunk beside it', () => {
    const cwr = read('dist/cdn/cwr.js').toString();
    // V8's compile hint first (every function compiled eagerly, off the main thread), then
    // one classic-script IIFE.
    for (const f of [
      'cwr.js',
      'cwr-auth.js',
      'cwr-perf.js',
      'cwr-insights.js',
      'cwr-dom.js',
      'cwr-diag.js',
      'cwr-replay.js',
    ])
      expect(
        read('dist/cdn/' + f)
          .toString()
          .split('\n')[0],
      ).toBe('//# allFunctionsCalledOnLoad');
    const body = cwr.slice(cwr.indexOf('\n') + 1);
    expect(body.startsWith('!function()') || body.startsWith('(function')).toBe(true);
    expect(cwr).not.toMatch(/^import |^export /m);
    expect(cwr).toContain('cwr-auth.js');
    // SigV4 and the Cognito client are not inlined into the critical-path bundle.
    expect(cwr).not.toContain('AWS4-HMAC-SHA256');
    const auth = read('dist/cdn/cwr-auth.js').toString();
    expect(auth).toContain('AWS4-HMAC-SHA256');
    expect(auth).toContain('GetCredentialsForIdentity');
    expect(cwr).not.toContain('GetCredentialsForIdentity');
    // The long explanations are loaded only by a page with a problem.
    expect(cwr).not.toContain('may not send events to app monitor');
    expect(cwr).not.toContain('cookieAttributes: { unique: true }');
    expect(read('dist/cdn/cwr-diag.js').toString()).toContain('may not send events to app monitor');
    // The interaction telemetry is a chunk of its own, loaded only when configured.
    expect(cwr).toContain('cwr-dom.js');
    expect(read('dist/cdn/cwr-dom.js').toString()).toContain('dom-event');
    expect(cwr).not.toContain('com.amazon.rum.dom_event');
    // Session replay: cwr.js only samples and loads cwr-replay.js, which holds rrweb.
    expect(cwr).toContain('cwr-replay.js');
    expect(cwr).not.toContain('com.amazon.rum.rrweb_event');
    expect(cwr).not.toContain('maskTextSelector');
    // Route timing, per-view vitals and long frames: only where the performance telemetry asks.
    const perf = read('dist/cdn/cwr-perf.js').toString();
    expect(cwr).toContain('cwr-insights.js');
    expect(perf).not.toContain('route_change');
    expect(perf).not.toContain('cwr.long_animation_frame');
    const insights = read('dist/cdn/cwr-insights.js').toString();
    expect(insights).toContain('route_change');
    expect(insights).toContain('cwr.long_animation_frame');
    const replay = read('dist/cdn/cwr-replay.js').toString();
    expect(replay).toContain('com.amazon.rum.rrweb_event');
    expect(replay).toContain('maskTextSelector');
  });

  it.each([
    'dist/cdn/cwr.js',
    'dist/cdn/cwr-auth.js',
    'dist/cdn/cwr-perf.js',
    'dist/cdn/cwr-insights.js',
    'dist/cdn/cwr-diag.js',
    'dist/cdn/cwr-dom.js',
    'dist/cdn/cwr-replay.js',
  ])('keeps %s free of eval and new Function (strict CSP without unsafe-eval)', (file) => {
    const code = read(file).toString();
    expect(code).not.toMatch(/\beval\s*\(|\bnew Function\b|\bFunction\s*\(/);
  });

  it('lists entry points only in the exports map, and is side-effect free', () => {
    expect(pkg.sideEffects).toBe(false);
    expect(Object.keys(pkg.exports).sort()).toEqual(
      ['.', './emulator', './package.json', './react', './react-router'].sort(),
    );
    for (const target of ['.', './react', './react-router'].flatMap((e) => [
      pkg.exports[e].import,
      pkg.exports[e].require,
      pkg.exports[e].types,
    ])) {
      expect(fs.existsSync(path.join(ROOT, target))).toBe(true);
    }
  });

  it('exports exactly the framework entries’ runtime surface', () => {
    const exported = (entry: string) =>
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the CJS entry as users load it
      Object.keys(require(path.join(ROOT, pkg.exports[entry].require))).sort();
    expect(exported('./react')).toEqual([
      'RumErrorBoundary',
      'useRumPageView',
      'withComponentStack',
    ]);
    expect(exported('./react-router')).toEqual(['useRumRouterPageViews']);
    const dts = read(pkg.exports['./react'].types).toString();
    for (const name of ['RumLike', 'RumErrorBoundaryProps', 'RumFallback'])
      expect(dts).toContain(name);
    expect(read(pkg.exports['./react-router'].types).toString()).toContain('RouterPageViewOptions');
  });

  it('exports exactly the public runtime surface', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the CJS entry as users load it
    const cjs = require(path.join(ROOT, pkg.exports['.'].require));
    // AwsRum and the predecessor's plugin classes, enums and names (npm-surface.test.ts).
    expect(Object.keys(cjs).sort()).toEqual(
      [
        'AwsRum',
        'DOM_EVENT_PLUGIN_ID',
        'DomEventPlugin',
        'FETCH_PLUGIN_ID',
        'FetchPlugin',
        'JS_ERROR_EVENT_PLUGIN_ID',
        'JsErrorPlugin',
        'NAVIGATION_EVENT_PLUGIN_ID',
        'NavigationPlugin',
        'PAGE_EVENT_PLUGIN_ID',
        'PageIdFormatEnum',
        'PageViewPlugin',
        'RESOURCE_EVENT_PLUGIN_ID',
        'RRWEB_CONFIG_PROD',
        'RRWEB_PLUGIN_ID',
        'RRWebPlugin',
        'ResourcePlugin',
        'TTIPlugin',
        'TelemetryEnum',
        'WEB_VITAL_EVENT_PLUGIN_ID',
        'WebVitalsPlugin',
        'XHR_PLUGIN_ID',
        'XhrPlugin',
      ].sort(),
    );
    const esm = read(pkg.exports['.'].import).toString();
    expect(esm).toMatch(/^export \{[^}]*\bAwsRum\b/m);
    const dts = read(pkg.exports['.'].types).toString();
    for (const name of ['AwsRum', 'AwsRumConfig', 'Plugin', 'PluginContext', 'Credentials']) {
      expect(dts).toContain(name);
    }
  });

  it('stamps the package version into the client', () => {
    const src = read('src/version.ts').toString();
    expect(src).toContain(`VERSION = '${pkg.version}'`);
    expect(read('dist/cdn/cwr.js').toString()).toContain(`"${pkg.version}"`);
  });
});
