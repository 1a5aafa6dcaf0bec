/**
 * The two packages as npm ships them: the client (cloudwatch-rum-web, the repository's root) and
 * the emulator with the command line (cloudwatch-rum-web-emulator, the workspace in
 * packages/emulator/). Each tarball `npm pack` makes carries the license and only its own files;
 * installed into a project, the entry points load from an ES module and from CommonJS, with types
 * for both, and both commands run. Runs after the build (npm test builds); packs with
 * --ignore-scripts so that `prepack` does not build again.
 *
 * The tarballs are extracted into temporary node_modules rather than installed with npm (the
 * packages are not published, and the npm cache lacks the metadata an offline install needs);
 * their dependencies are links to the repo's own installs, so a dependency a package uses but
 * does not declare fails here as it would for a user. The framework entries
 * (cloudwatch-rum-web/react, cloudwatch-rum-web/react-router) get the peers an app would have
 * installed: React, and React Router or not.
 */
import { execFileSync, spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

const ROOT = path.resolve(__dirname, '../..');
const EMULATOR_DIR = path.join(ROOT, 'packages/emulator');
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));
const pkg = readJson(path.join(ROOT, 'package.json'));
const emulatorPkg = readJson(path.join(EMULATOR_DIR, 'package.json'));

interface Packed {
  filename: string;
  size: number;
  files: { path: string }[];
}

const npm = (args: string[], cwd: string) =>
  execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

const ID = '00000000-0000-0000-0000-000000000000';

const START_AND_CLOSE = `
  const emulator = await startEmulator({ port: 0, dataFile: false });
  const answer = await fetch(emulator.url + '/_emulator/');
  await emulator.close();
  console.log(typeof startEmulator, /^http:\\/\\/127\\.0\\.0\\.1:\\d+$/.test(emulator.url), answer.status);
`;

/** What a React app has installed beside the client (linked from the repo's dev dependencies). */
const REACT_APP = ['react', 'react-dom', 'react-router', '@types/react'];

/**
 * A server render (Node: no window) of a boundary, the page view hook and the router's: nothing
 * is recorded there (effects and error boundaries' componentDidCatch do not run on the server),
 * the app's markup is rendered, nothing throws; withComponentStack works anywhere.
 */
const SSR_APP = `
const calls = [];
const rum = { recordPageView: (p) => calls.push(p), recordError: (e) => calls.push(e) };
function Page() {
  useRumPageView('/page', rum);
  useRumRouterPageViews(rum);
  useRumRouterPageViews();
  return h('p', null, 'server page');
}
const html = renderToString(
  h(MemoryRouter, { initialEntries: ['/orders/1'] },
    h(RumErrorBoundary, { rum, fallback: 'sorry' }, h(Page))),
);
const e = withComponentStack(new Error('x'), '\\n    at Page');
console.log(html, calls.length, e.stack.endsWith('Component stack:\\n    at Page'));
`;
const SSR_OUT = '<p>server page</p> 0 true';

describe('the packed tarballs', () => {
  // One `npm pack` per package for every test: the listings for the first tests, the tarballs
  // for the projects.
  let dir: string;
  let client: Packed;
  let emulator: Packed;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwr-tarball-'));
    const pack = (...args: string[]): Packed =>
      JSON.parse(
        npm(['pack', ...args, '--pack-destination', dir, '--json', '--ignore-scripts'], ROOT),
      )[0];
    client = pack();
    emulator = pack('-w', 'packages/emulator');
  }, 60_000);
  afterAll(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  /**
   * A project with these packages extracted into its node_modules, their dependencies linked,
   * and the app's own `peers` (React …) linked too.
   */
  const project = (
    name: string,
    packages: { packed: Packed; pkg: typeof pkg }[],
    peers: string[] = [],
  ) => {
    const root = path.join(dir, name);
    const modules = path.join(root, 'node_modules');
    fs.mkdirSync(modules, { recursive: true });
    const deps = new Set(['@types/node', ...peers]);
    for (const { packed, pkg: p } of packages) {
      const into = path.join(root, 'unpack');
      fs.mkdirSync(into);
      execFileSync('tar', ['-xzf', path.join(dir, packed.filename), '-C', into]);
      fs.renameSync(path.join(into, 'package'), path.join(modules, p.name));
      fs.rmdirSync(into);
      for (const dep of Object.keys(p.dependencies)) deps.add(dep);
    }
    for (const dep of deps) {
      fs.mkdirSync(path.dirname(path.join(modules, dep)), { recursive: true });
      fs.symlinkSync(path.join(ROOT, 'node_modules', dep), path.join(modules, dep), 'dir');
    }
    fs.writeFileSync(
      path.join(root, 'package.json'),
      JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
    );
    const run = (args: string[]) =>
      execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' }).trim();
    const bin = (p: typeof pkg) => path.join(modules, p.name, p.bin[Object.keys(p.bin)[0]]);
    return { root, run, bin };
  };
  const CLIENT = {
    get packed() {
      return client;
    },
    pkg,
  };
  const EMULATOR = {
    get packed() {
      return emulator;
    },
    pkg: emulatorPkg,
  };

  it('each lists LICENSE, the Apache License 2.0 that its package.json names', () => {
    const license = fs.readFileSync(path.join(ROOT, 'LICENSE'), 'utf8');
    expect(license).toContain(
      'Apache License\n                           Version 2.0, January 2004',
    );
    expect(license).toContain('END OF TERMS AND CONDITIONS');
    expect(license).not.toContain('[yyyy]');
    for (const { packed, pkg: p } of [CLIENT, EMULATOR]) {
      expect(packed.files.map((f) => f.path)).toContain('LICENSE');
      expect(p.license).toBe('Apache-2.0');
    }
    expect(fs.readFileSync(path.join(EMULATOR_DIR, 'LICENSE'), 'utf8')).toBe(license);
  });

  it('ships the client without the emulator: its files, and only browser dependencies', () => {
    const files = client.files.map((f) => f.path);
    expect(files).toContain('dist/cdn/cwr.js');
    expect(files).toContain('dist/index.mjs');
    expect(files.filter((f) => /^dist\/(emulator|cli|src)\//.test(f))).toEqual([]);
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['@rrweb/record', 'web-vitals']);
    // The emulator is an optional peer: never installed with the client, used when present; so
    // are the frameworks of the framework entries.
    expect(pkg.peerDependencies).toEqual({
      [emulatorPkg.name]: emulatorPkg.version,
      react: '>=17',
      'react-router': '>=6',
    });
    for (const peer of Object.keys(pkg.peerDependencies))
      expect(pkg.peerDependenciesMeta[peer].optional).toBe(true);
  });

  it('ships the framework entries, ESM, CommonJS and types, with their peers left out', () => {
    const files = client.files.map((f) => f.path);
    for (const entry of ['react', 'react-router']) {
      for (const ext of ['mjs', 'cjs', 'd.ts']) expect(files).toContain(`dist/${entry}.${ext}`);
      expect(pkg.exports['./' + entry]).toEqual({
        types: `./dist/${entry}.d.ts`,
        import: `./dist/${entry}.mjs`,
        require: `./dist/${entry}.cjs`,
      });
    }
    // Imported, not bundled: a second copy of React (or of the router's context) breaks hooks.
    const mjs = (f: string) => fs.readFileSync(path.join(ROOT, 'dist', f), 'utf8');
    expect(mjs('react.mjs')).toMatch(/^'use client';\nimport \* as React from 'react';/);
    expect(mjs('react.mjs')).not.toContain("from 'react-router'");
    expect(mjs('react.mjs').length).toBeLessThan(10_000);
    expect(mjs('react-router.mjs')).toContain(`import { useLocation } from 'react-router';`);
    expect(mjs('react-router.mjs')).toContain(`from './react.mjs';`);
  });

  it('ships the emulator and the CLI without the client, at the same version', () => {
    const files = emulator.files.map((f) => f.path);
    for (const f of [
      'dist/emulator/index.js',
      'dist/emulator/viewer/app.js',
      'dist/emulator/schemas/page-view-event.json',
      'dist/cli/main.js',
      'dist/src/domain/rules.js',
      'README.md',
    ])
      expect(files).toContain(f);
    expect(files.filter((f) => f.startsWith('dist/cdn/'))).toEqual([]);
    expect(emulatorPkg.version).toBe(pkg.version);
    expect(emulatorPkg.peerDependencies).toEqual({ [pkg.name]: pkg.version });
    expect(emulatorPkg.peerDependenciesMeta[pkg.name].optional).toBe(true);
  });

  describe('both installed into a project', () => {
    let p: ReturnType<typeof project>;
    beforeAll(() => {
      p = project('both', [CLIENT, EMULATOR], REACT_APP);
    }, 60_000);

    it.each([pkg.name + '/emulator', emulatorPkg.name])(
      "starts and closes an emulator imported from an ES module ('%s')",
      (name) => {
        const code = `import { startEmulator } from '${name}';\n${START_AND_CLOSE}`;
        expect(p.run(['--input-type=module', '-e', code])).toBe('function true 200');
      },
    );

    it.each([pkg.name + '/emulator', emulatorPkg.name])(
      "starts and closes an emulator required from CommonJS ('%s')",
      (name) => {
        const script = path.join(p.root, `start-${name.replace('/', '-')}.cjs`);
        fs.writeFileSync(
          script,
          `const { startEmulator } = require('${name}');\n(async () => {${START_AND_CLOSE}})();`,
        );
        expect(p.run([script])).toBe('function true 200');
      },
    );

    it("imports AwsRum from 'cloudwatch-rum-web' in an ES module and in CommonJS", () => {
      const esm = `import { AwsRum } from 'cloudwatch-rum-web'; console.log(typeof AwsRum);`;
      expect(p.run(['--input-type=module', '-e', esm])).toBe('function');
      const cjs = `console.log(typeof require('cloudwatch-rum-web').AwsRum);`;
      expect(p.run(['--input-type=commonjs', '-e', cjs])).toBe('function');
    });

    it('imports the framework entries in an ES module and in CommonJS, and server-renders with them (a no-op)', () => {
      const esm =
        `import { createElement as h } from 'react';\n` +
        `import { renderToString } from 'react-dom/server';\n` +
        `import { MemoryRouter } from 'react-router';\n` +
        `import { RumErrorBoundary, useRumPageView, withComponentStack } from 'cloudwatch-rum-web/react';\n` +
        `import { useRumRouterPageViews } from 'cloudwatch-rum-web/react-router';\n` +
        SSR_APP;
      expect(p.run(['--input-type=module', '-e', esm])).toBe(SSR_OUT);
      const cjs =
        `const { createElement: h } = require('react');\n` +
        `const { renderToString } = require('react-dom/server');\n` +
        `const { MemoryRouter } = require('react-router');\n` +
        `const { RumErrorBoundary, useRumPageView, withComponentStack } = require('cloudwatch-rum-web/react');\n` +
        `const { useRumRouterPageViews } = require('cloudwatch-rum-web/react-router');\n` +
        SSR_APP;
      expect(p.run(['--input-type=commonjs', '-e', cjs])).toBe(SSR_OUT);
    });

    it.each([
      ['the client', CLIENT],
      ['the emulator', EMULATOR],
    ])("runs %s's bin, over the client's files: snippet and doctor", (_, which) => {
      const bin = p.bin(which.pkg);
      const snippet = JSON.parse(
        p.run([bin, 'snippet', '--app-monitor-id', ID, '--region', 'us-west-2', '--json']),
      );
      expect(snippet.hash).toMatch(/^'sha256-[A-Za-z0-9+/]{43}='$/);
      expect(p.run([bin, 'doctor', '--app-monitor-id', ID, '--region', 'us-west-2'])).toBe(
        'No problems found in this config.',
      );
    });

    it('has types for both, resolved as Node resolves them (moduleResolution nodenext)', () => {
      fs.writeFileSync(
        path.join(p.root, 'esm.ts'),
        `import { startEmulator, type Emulator } from 'cloudwatch-rum-web/emulator';\n` +
          `import * as direct from 'cloudwatch-rum-web-emulator';\n` +
          `import { AwsRum, type AwsRumConfig } from 'cloudwatch-rum-web';\n` +
          `const emulator: Emulator = await startEmulator({ port: 0, dataFile: false });\n` +
          `const other: direct.Emulator = await direct.startEmulator({ port: 0 });\n` +
          `const config: AwsRumConfig = { endpoint: emulator.url };\n` +
          `import { createElement, type ReactNode } from 'react';\n` +
          `import { RumErrorBoundary, useRumPageView, type RumLike } from 'cloudwatch-rum-web/react';\n` +
          `import { useRumRouterPageViews, type RouterPageViewOptions } from 'cloudwatch-rum-web/react-router';\n` +
          `const rum: RumLike = new AwsRum('id', '1.0.0', 'us-west-2', config);\n` +
          `const fallback = (error: unknown, reset: () => void): ReactNode => String(error) + reset.name;\n` +
          `const boundary = createElement(RumErrorBoundary, { rum, fallback }, 'child');\n` +
          `const options: RouterPageViewOptions = { pageId: (l) => l.pathname + l.search };\n` +
          `const hooks = () => { useRumPageView('/a', rum); useRumRouterPageViews(rum, options); };\n` +
          `export { AwsRum, config, other, boundary, hooks };\n`,
      );
      fs.writeFileSync(
        path.join(p.root, 'cjs.cts'),
        `import emulator = require('cloudwatch-rum-web/emulator');\n` +
          `import direct = require('cloudwatch-rum-web-emulator');\n` +
          `import rum = require('cloudwatch-rum-web');\n` +
          `import react = require('cloudwatch-rum-web/react');\n` +
          `import router = require('cloudwatch-rum-web/react-router');\n` +
          `const entries: [Function, Function] = [react.RumErrorBoundary, router.useRumRouterPageViews];\n` +
          `const started: Promise<emulator.Emulator> = emulator.startEmulator({ port: 0 });\n` +
          `const again: Promise<direct.Emulator> = direct.startEmulator({ port: 0 });\n` +
          `export = { started, again, AwsRum: rum.AwsRum, entries };\n`,
      );
      fs.writeFileSync(
        path.join(p.root, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            module: 'nodenext',
            moduleResolution: 'nodenext',
            target: 'ES2022',
            lib: ['ES2022', 'DOM'],
            types: ['node'],
            strict: true,
            noEmit: true,
          },
          files: ['esm.ts', 'cjs.cts'],
        }),
      );
      const tsc = path.join(ROOT, 'node_modules/typescript/bin/tsc');
      let diagnostics = '';
      try {
        execFileSync(process.execPath, [tsc, '-p', p.root], { cwd: p.root, encoding: 'utf8' });
      } catch (error) {
        diagnostics = (error as { stdout: string }).stdout;
      }
      expect(diagnostics).toBe('');
    }, 60_000);
  });

  describe('one without the other', () => {
    it("the client alone: AwsRum loads, and 'cloudwatch-rum-web/emulator' names the package to install", () => {
      const p = project('client-only', [CLIENT]);
      const esm = `import { AwsRum } from 'cloudwatch-rum-web'; console.log(typeof AwsRum);`;
      expect(p.run(['--input-type=module', '-e', esm])).toBe('function');
      const r = spawnSync(
        process.execPath,
        ['--input-type=commonjs', '-e', "require('cloudwatch-rum-web/emulator')"],
        { cwd: p.root, encoding: 'utf8' },
      );
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(
        'cloudwatch-rum-web/emulator loads the cloudwatch-rum-web-emulator package, which is not installed. ' +
          "Install it (npm install --save-dev cloudwatch-rum-web-emulator) and import it as 'cloudwatch-rum-web-emulator'.",
      );
    });

    it("an app with React but not React Router: 'cloudwatch-rum-web/react' loads, the router entry names what is missing", () => {
      const p = project('react-only', [CLIENT], ['react', 'react-dom']);
      const esm = `import { RumErrorBoundary, useRumPageView } from 'cloudwatch-rum-web/react'; console.log(typeof RumErrorBoundary, typeof useRumPageView);`;
      expect(p.run(['--input-type=module', '-e', esm])).toBe('function function');
      const cjs = `const r = require('cloudwatch-rum-web/react'); console.log(typeof r.RumErrorBoundary);`;
      expect(p.run(['--input-type=commonjs', '-e', cjs])).toBe('function');
      const r = spawnSync(
        process.execPath,
        ['--input-type=module', '-e', "import 'cloudwatch-rum-web/react-router';"],
        { cwd: p.root, encoding: 'utf8' },
      );
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/Cannot find package 'react-router'/);
    });

    it('the emulator alone: it runs, and a command that needs the client says to install it', () => {
      const p = project('emulator-only', [EMULATOR]);
      const code = `import { startEmulator } from 'cloudwatch-rum-web-emulator';\n${START_AND_CLOSE}`;
      expect(p.run(['--input-type=module', '-e', code])).toBe('function true 200');
      const r = spawnSync(
        process.execPath,
        [p.bin(emulatorPkg), 'doctor', '--app-monitor-id', ID, '--region', 'us-west-2'],
        { cwd: p.root, encoding: 'utf8', env: { ...process.env, CWR_CLIENT_ROOT: '' } },
      );
      expect(r.status).toBe(2);
      expect(r.stderr.trim()).toBe(
        'This command needs the client package, cloudwatch-rum-web, which is not installed here. ' +
          'Install it (npm install cloudwatch-rum-web) and try again.',
      );
    });
  });
});
