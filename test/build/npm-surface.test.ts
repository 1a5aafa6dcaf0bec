/**
 * The npm module as code written for aws-rum-web 3.x sees it: the predecessor's exports (its
 * plugin classes, enums, ids and types) are there, with the predecessor's plugin ids, and its
 * documented imports type-check against our declarations with only the module name changed.
 * Runs after the build (npm test builds). The predecessor runs here only as a black box: its
 * exports are listed and its plugins' getPluginId() called.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the CJS entry as users load it
const ours = require(path.join(ROOT, 'dist/index.cjs')) as Record<string, unknown>;

/** The predecessor's exports, loaded in Node with the few browser globals its classes touch. */
const predecessor = (): Record<string, unknown> => {
  const g = globalThis as Record<string, unknown>;
  g.History ??= function History() {};
  g.window ??= globalThis;
  if (!('navigator' in g)) g.navigator = { userAgent: '' };
  // (Its PageViewPlugin says on the console that Node has no History API to wrap.)
  jest.spyOn(console, 'error').mockImplementation(() => undefined);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('aws-rum-web');
};

const CLASSES = [
  'JsErrorPlugin',
  'FetchPlugin',
  'XhrPlugin',
  'NavigationPlugin',
  'ResourcePlugin',
  'WebVitalsPlugin',
  'DomEventPlugin',
  'PageViewPlugin',
  'RRWebPlugin',
  'TTIPlugin',
];

type PluginClass = new (config?: unknown) => { getPluginId(): string };

describe('the npm surface of aws-rum-web 3.x', () => {
  const prev = predecessor();

  it('has every runtime export of the predecessor', () => {
    expect(Object.keys(prev).filter((k) => !(k in ours))).toEqual([]);
  });

  it.each(CLASSES)('gives %s the predecessor plugin id', (name) => {
    const id = (m: Record<string, unknown>) => new (m[name] as PluginClass)().getPluginId();
    expect(id(ours)).toBe(id(prev));
    expect(id(ours)).toMatch(/^com\.amazonaws\.rum\./);
  });

  it('has the same enums, short ids and replay defaults', () => {
    for (const k of Object.keys(prev).filter((k) => typeof prev[k] !== 'function'))
      expect([k, ours[k]]).toEqual([k, prev[k]]);
  });

  /** Type-checks `code` importing from 'aws-rum-web', resolved to our declarations. */
  const typeCheck = (code: string): string[] => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwr-surface-'));
    const file = path.join(dir, 'app.ts');
    fs.writeFileSync(file, code);
    const program = ts.createProgram([file], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2020,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
      types: [],
      paths: { 'aws-rum-web': [path.join(ROOT, 'dist/index.d.ts')] },
    });
    const out = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    fs.rmSync(dir, { recursive: true, force: true });
    return out;
  };

  // The predecessor's documented usage (README, docs/plugins, the replay docs), unchanged.
  const APP = `
import {
  AwsRum, AwsRumConfig, RRWebPlugin, FetchPlugin, XhrPlugin, JsErrorPlugin, NavigationPlugin,
  ResourcePlugin, WebVitalsPlugin, DomEventPlugin, PageViewPlugin, TTIPlugin, TelemetryEnum,
  PageIdFormatEnum, PageIdFormat, Telemetry, PartialCookieAttributes, ClientBuilder,
  PageAttributes, Plugin, PluginContext, RRWEB_CONFIG_PROD, FETCH_PLUGIN_ID,
} from 'aws-rum-web';

class ClickPlugin implements Plugin {
  private context?: PluginContext;
  getPluginId() { return 'clicks'; }
  load(context: PluginContext) { this.context = context; }
  enable() { this.context?.record('app.click', { at: Date.now() }); }
  disable() {}
}
const cookies: PartialCookieAttributes = { unique: true, sameSite: 'Lax' };
const telemetries: Telemetry[] = [TelemetryEnum.Errors, [TelemetryEnum.Http, { recordAllRequests: true }]];
const format: PageIdFormat = PageIdFormatEnum.PathAndHash;
const config: AwsRumConfig = {
  sessionSampleRate: 1,
  telemetries,
  pageIdFormat: format,
  cookieAttributes: cookies,
  candidatesCacheSize: 10,
  eventPluginsToLoad: [
    new RRWebPlugin({ ...RRWEB_CONFIG_PROD, additionalSampleRate: 0.1, batchSize: 25, flushInterval: 3000 }),
    new FetchPlugin({ addXRayTraceIdHeader: true, logicalServiceName: 'web', urlsToExclude: [/health/] }),
    new XhrPlugin(),
    new JsErrorPlugin({ stackTraceLength: 500, ignore: (e) => !!e }),
    new NavigationPlugin(),
    new ResourcePlugin({ eventLimit: 20 }),
    new WebVitalsPlugin({ reportAllLCP: true }),
    new DomEventPlugin({ events: [{ event: 'click', elementId: 'buy' }] }),
    new PageViewPlugin(),
    new ClickPlugin(),
  ],
};
const builder: ClientBuilder | undefined = undefined;
const awsRum: AwsRum = new AwsRum('00000000-0000-0000-0000-000000000000', '1.0.0', 'us-west-2', config);
awsRum.addPlugin(new TTIPlugin());
const page: PageAttributes = { pageId: '/home', pageTags: ['landing'] };
awsRum.recordPageView(page);
export { builder, FETCH_PLUGIN_ID };
`;

  it('type-checks the predecessor documented imports and plugin use', () => {
    expect(typeCheck(APP)).toEqual([]);
  });

  it('still refuses what the predecessor types refuse (the check can fail)', () => {
    const errors = typeCheck(
      `import { FetchPlugin, TelemetryEnum, AwsRumConfig } from 'aws-rum-web';\n` +
        `new FetchPlugin({ urlsToInclude: 'api' });\n` +
        `const c: AwsRumConfig = { telemetries: [TelemetryEnum.Errors, 'metrics'] };\nexport { c };\n`,
    );
    expect(errors).toHaveLength(2);
  });
});
