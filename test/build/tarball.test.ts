/**
 * The package as npm ships it: the tarball `npm pack` makes carries the license, and, installed
 * into a project, its entry points load from an ES module and from CommonJS, with types for both.
 * Runs after the build (npm test builds), like package.test.ts; packs with --ignore-scripts so
 * that `prepack` does not build again.
 *
 * The tarball is extracted into a temporary node_modules rather than installed with npm (the
 * registry may be out of reach and the npm cache lacks the metadata an offline install needs);
 * its dependencies are links to the repo's own installs, so a dependency the package uses but
 * does not declare fails here as it would for a user.
 */
import { execFileSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

const ROOT = path.resolve(__dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

const npm = (args: string[], cwd: string) =>
  execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('the packed tarball', () => {
  // One `npm pack` for every test: its listing for the first, the tarball for the others.
  let project: string;
  let packed: { filename: string; files: { path: string }[] };
  beforeAll(() => {
    project = fs.mkdtempSync(path.join(os.tmpdir(), 'cwr-tarball-'));
    [packed] = JSON.parse(
      npm(['pack', '--pack-destination', project, '--json', '--ignore-scripts'], ROOT),
    );
  }, 60_000);
  afterAll(() => project && fs.rmSync(project, { recursive: true, force: true }));

  it('lists LICENSE, the Apache License 2.0 that package.json names', () => {
    const files = packed.files.map((f) => f.path);
    expect(files).toContain('LICENSE');
    expect(pkg.license).toBe('Apache-2.0');
    const license = fs.readFileSync(path.join(ROOT, 'LICENSE'), 'utf8');
    expect(license).toContain(
      'Apache License\n                           Version 2.0, January 2004',
    );
    expect(license).toContain('END OF TERMS AND CONDITIONS');
    expect(license).not.toContain('[yyyy]');
  });

  describe('installed into a project', () => {
    beforeAll(() => {
      const modules = path.join(project, 'node_modules');
      fs.mkdirSync(modules);
      execFileSync('tar', ['-xzf', path.join(project, packed.filename), '-C', modules]);
      fs.renameSync(path.join(modules, 'package'), path.join(modules, pkg.name));
      for (const dep of [...Object.keys(pkg.dependencies), '@types/node']) {
        fs.mkdirSync(path.dirname(path.join(modules, dep)), { recursive: true });
        fs.symlinkSync(path.join(ROOT, 'node_modules', dep), path.join(modules, dep), 'dir');
      }
      fs.writeFileSync(
        path.join(project, 'package.json'),
        JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
      );
    }, 60_000);

    const run = (args: string[]) =>
      execFileSync(process.execPath, args, { cwd: project, encoding: 'utf8' }).trim();

    const START_AND_CLOSE = `
      const emulator = await startEmulator({ port: 0, dataFile: false });
      const answer = await fetch(emulator.url + '/_emulator/');
      await emulator.close();
      console.log(typeof startEmulator, /^http:\\/\\/127\\.0\\.0\\.1:\\d+$/.test(emulator.url), answer.status);
    `;

    it("starts and closes an emulator imported from an ES module ('cloudwatch-rum-web/emulator')", () => {
      const code = `import { startEmulator } from 'cloudwatch-rum-web/emulator';\n${START_AND_CLOSE}`;
      expect(run(['--input-type=module', '-e', code])).toBe('function true 200');
    });

    it("starts and closes an emulator required from CommonJS ('cloudwatch-rum-web/emulator')", () => {
      const script = path.join(project, 'start.cjs');
      fs.writeFileSync(
        script,
        `const { startEmulator } = require('cloudwatch-rum-web/emulator');\n` +
          `(async () => {${START_AND_CLOSE}})();`,
      );
      expect(run([script])).toBe('function true 200');
    });

    it("imports AwsRum from 'cloudwatch-rum-web' in an ES module and in CommonJS", () => {
      const esm = `import { AwsRum } from 'cloudwatch-rum-web'; console.log(typeof AwsRum);`;
      expect(run(['--input-type=module', '-e', esm])).toBe('function');
      const cjs = `console.log(typeof require('cloudwatch-rum-web').AwsRum);`;
      expect(run(['--input-type=commonjs', '-e', cjs])).toBe('function');
    });

    it('runs its bin (the compiled CLI in dist/cli/): snippet and doctor', () => {
      const bin = path.join(project, 'node_modules', pkg.name, pkg.bin[pkg.name]);
      const id = '00000000-0000-0000-0000-000000000000';
      const snippet = JSON.parse(
        run([bin, 'snippet', '--app-monitor-id', id, '--region', 'us-west-2', '--json']),
      );
      expect(snippet.hash).toMatch(/^'sha256-[A-Za-z0-9+/]{43}='$/);
      expect(run([bin, 'doctor', '--app-monitor-id', id, '--region', 'us-west-2'])).toBe(
        'No problems found in this config.',
      );
    });

    it('has types for both, resolved as Node resolves them (moduleResolution nodenext)', () => {
      fs.writeFileSync(
        path.join(project, 'esm.ts'),
        `import { startEmulator, type Emulator } from 'cloudwatch-rum-web/emulator';\n` +
          `import { AwsRum, type AwsRumConfig } from 'cloudwatch-rum-web';\n` +
          `const emulator: Emulator = await startEmulator({ port: 0, dataFile: false });\n` +
          `const config: AwsRumConfig = { endpoint: emulator.url };\n` +
          `export { AwsRum, config };\n`,
      );
      fs.writeFileSync(
        path.join(project, 'cjs.cts'),
        `import emulator = require('cloudwatch-rum-web/emulator');\n` +
          `import rum = require('cloudwatch-rum-web');\n` +
          `const started: Promise<emulator.Emulator> = emulator.startEmulator({ port: 0 });\n` +
          `export = { started, AwsRum: rum.AwsRum };\n`,
      );
      fs.writeFileSync(
        path.join(project, 'tsconfig.json'),
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
        execFileSync(process.execPath, [tsc, '-p', project], { cwd: project, encoding: 'utf8' });
      } catch (error) {
        diagnostics = (error as { stdout: string }).stdout;
      }
      expect(diagnostics).toBe('');
    }, 60_000);
  });
});
