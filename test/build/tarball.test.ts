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
 * does not declare fails here as it would for a user.
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

  /** A project with these packages extracted into its node_modules, their dependencies linked. */
  const project = (name: string, packages: { packed: Packed; pkg: typeof pkg }[]) => {
    const root = path.join(dir, name);
    const modules = path.join(root, 'node_modules');
    fs.mkdirSync(modules, { recursive: true });
    const deps = new Set(['@types/node']);
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
    // The emulator is an optional peer: never installed with the client, used when present.
    expect(pkg.peerDependencies).toEqual({ [emulatorPkg.name]: emulatorPkg.version });
    expect(pkg.peerDependenciesMeta[emulatorPkg.name].optional).toBe(true);
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
      p = project('both', [CLIENT, EMULATOR]);
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
          `export { AwsRum, config, other };\n`,
      );
      fs.writeFileSync(
        path.join(p.root, 'cjs.cts'),
        `import emulator = require('cloudwatch-rum-web/emulator');\n` +
          `import direct = require('cloudwatch-rum-web-emulator');\n` +
          `import rum = require('cloudwatch-rum-web');\n` +
          `const started: Promise<emulator.Emulator> = emulator.startEmulator({ port: 0 });\n` +
          `const again: Promise<direct.Emulator> = direct.startEmulator({ port: 0 });\n` +
          `export = { started, again, AwsRum: rum.AwsRum };\n`,
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
