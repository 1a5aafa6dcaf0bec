/**
 * The client's layers (docs/architecture.md): a module imports only from its own layer or the
 * ones below it. Read from the sources' import statements, so a new upward import fails here.
 */
import * as fs from 'fs';
import * as path from 'path';

const SRC = path.resolve(__dirname, '../../src');
const files = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });

// Bottom to top. The loaders are how any layer reaches a chunk or the chunk of words;
// the entries (the chunks' modules, the CDN's boot, the npm index, doctor, and the framework
// entries in react/, which import nothing of the client) sit on top.
const LAYERS: [string, (file: string) => boolean][] = [
  ['tools', (f) => f.startsWith('tools/') || f === 'version.ts'],
  ['domain', (f) => f.startsWith('domain/')],
  ['browser', (f) => f.startsWith('browser/')],
  ['transport', (f) => f.startsWith('transport/')],
  ['auth', (f) => f.startsWith('auth/')],
  [
    'loaders',
    (f) => ['lazy/load.ts', 'lazy/own-files.ts', 'lazy/say.ts', 'cdn/load.ts'].includes(f),
  ],
  ['plugins', (f) => f.startsWith('plugins/')],
  ['diagnostics', (f) => f.startsWith('diagnostics/')],
  ['boot', (f) => f.startsWith('boot/')],
  ['entries', (f) => /^(lazy|cdn|react)\//.test(f) || f === 'index.ts' || f === 'doctor.ts'],
];
const layerOf = (file: string): number => LAYERS.findIndex(([, test]) => test(file));

// Types only, each with its reason: the resolved config's type depends on the plugin
// interface, so it stays in boot/config.ts; the loaders name the type of each chunk they load.
const TYPE_EXCEPTIONS = [
  'diagnostics/checks.ts -> boot/config.ts',
  'plugins/classes.ts -> boot/config.ts',
  'plugins/plugin.ts -> boot/config.ts',
  ...['auth', 'diagnostics', 'insights', 'interaction', 'performance', 'replay'].map(
    (c) => `lazy/load.ts -> lazy/${c}.ts`,
  ),
];

const imports = files(SRC).flatMap((f) => {
  const from = path.relative(SRC, f);
  return [
    ...fs
      .readFileSync(f, 'utf8')
      .matchAll(/^(?:import|export)\s+(type\s+)?[^'";]*?from\s+'(\.[^']+)'/gm),
  ].map((m) => ({
    from,
    to: path.relative(SRC, path.resolve(path.dirname(f), m[2])) + '.ts',
    typeOnly: !!m[1],
  }));
});

describe('the layers of src/', () => {
  it('places every module in a layer', () => {
    expect(
      files(SRC)
        .map((f) => path.relative(SRC, f))
        .filter((f) => layerOf(f) < 0),
    ).toEqual([]);
  });

  it('reads the imports (a sanity check of the parsing)', () => {
    expect(imports.length).toBeGreaterThan(300);
    expect(imports).toContainEqual({
      from: 'boot/core.ts',
      to: 'boot/assembly.ts',
      typeOnly: false,
    });
  });

  it('has no import from a lower layer to a higher one, but the written exceptions', () => {
    const upward = imports
      .filter((i) => layerOf(i.to) > layerOf(i.from))
      .map((i) => `${i.typeOnly ? '' : 'value: '}${i.from} -> ${i.to}`);
    expect(upward.sort()).toEqual([...TYPE_EXCEPTIONS].sort());
  });
});
