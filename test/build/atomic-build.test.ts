/**
 * `npm run build` replaces its output in one swap at the end (scripts/build.js), so a server
 * reading dist/ at request time (npm start) never loses it for the length of a build, and a
 * failed build leaves it as it was. The real build runs once, into temporary directories
 * (`--out`, `--emulator-out`), not the repo's dist/ and packages/emulator/dist/.
 */
import { spawn } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

const ROOT = path.resolve(__dirname, '../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the build script itself (CommonJS, no types)
const { buildInto } = require(path.join(ROOT, 'scripts/build.js'));

const tmpDirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwr-build-'));
  tmpDirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of tmpDirs) fs.rmSync(dir, { recursive: true, force: true });
});

const write = (file: string, text: string) => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
};

/** An output directory holding a previous "build": these files, and one the next build lacks. */
const previousBuild = (dir: string, files: Record<string, string>) => {
  for (const [file, text] of Object.entries(files)) write(path.join(dir, file), text);
  write(path.join(dir, 'stale.txt'), 'only in the old build');
};

/** Consecutive equal values as runs: ['a', 'a', 'b'] -> [{ value: 'a', count: 2 }, ...]. */
const runs = (values: string[]) =>
  values.reduce<{ value: string; count: number }[]>((acc, value) => {
    const last = acc[acc.length - 1];
    if (last?.value === value) last.count++;
    else acc.push({ value, count: 1 });
    return acc;
  }, []);

describe('npm run build', () => {
  it('keeps the old output readable while it builds, then swaps the new one in', async () => {
    // Both outputs, the client's (dist/) and the emulator package's, in one temporary parent.
    const parent = tempDir();
    const out = path.join(parent, 'dist');
    const emulatorOut = path.join(parent, 'emulator-dist');
    const OLD: Record<string, string> = {
      'dist/cdn/cwr.js': 'the old cwr.js',
      'emulator-dist/emulator/viewer/index.html': 'the old viewer page',
    };
    previousBuild(out, { 'cdn/cwr.js': OLD['dist/cdn/cwr.js'] });
    previousBuild(emulatorOut, {
      'emulator/viewer/index.html': OLD['emulator-dist/emulator/viewer/index.html'],
    });

    const child = spawn(
      process.execPath,
      ['scripts/build.js', '--out', out, '--emulator-out', emulatorOut],
      { cwd: ROOT },
    );
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const staging = [`dist.staging-${child.pid}`, `emulator-dist.staging-${child.pid}`];

    // Every few ms, read the files a server would serve: each read must give the old text or
    // the new one, never a mix.
    const seen: Record<string, string[]> = Object.fromEntries(Object.keys(OLD).map((f) => [f, []]));
    let polls = 0;
    const sawStaging = new Set<string>();
    const poll = () => {
      polls++;
      for (const file of Object.keys(OLD)) {
        let state: string;
        try {
          const text = fs.readFileSync(path.join(parent, file), 'utf8');
          state = text === OLD[file] ? 'old' : `new:${text}`;
        } catch (error) {
          state = `error:${(error as NodeJS.ErrnoException).code}`;
        }
        seen[file].push(state);
      }
      for (const dir of staging) if (fs.existsSync(path.join(parent, dir))) sawStaging.add(dir);
    };
    const timer = setInterval(poll, 2);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearInterval(timer);
    poll();

    if (code !== 0) throw new Error(`the build failed (${code}):\n${output}`);
    expect(polls).toBeGreaterThan(1000); // (the build takes seconds; the poller kept up)
    expect([...sawStaging].sort()).toEqual(staging.sort()); // it built beside each output

    for (const file of Object.keys(OLD)) {
      const final = fs.readFileSync(path.join(parent, file), 'utf8');
      expect(final).not.toBe(OLD[file]);
      // The two renames of the swap are two system calls, so a read landing between them can
      // see no output at all: at most once, for microseconds. Anything more (the old build's
      // rm -rf dist first gave thousands of failed reads) or a file read in an in-between state
      // fails here.
      const states = runs(seen[file]).map((r) => ({
        ...r,
        value: r.value.startsWith('new:')
          ? r.value === `new:${final}`
            ? 'new'
            : 'partial'
          : r.value,
      }));
      const shape = states.map((s) => s.value);
      expect([
        ['old', 'new'],
        ['old', 'error:ENOENT', 'new'],
      ]).toContainEqual(shape);
      expect(states.find((s) => s.value === 'error:ENOENT')?.count ?? 0).toBeLessThanOrEqual(1);
    }

    // The new builds are complete, the old ones (and their stale files) and the staging dirs
    // are gone.
    expect(fs.readFileSync(path.join(emulatorOut, 'emulator/viewer/index.html'), 'utf8')).toBe(
      fs.readFileSync(path.join(ROOT, 'emulator/viewer/index.html'), 'utf8'),
    );
    expect(
      fs
        .readFileSync(path.join(out, 'cdn/cwr.js'), 'utf8')
        .startsWith('//# allFunctionsCalledOnLoad'),
    ).toBe(true);
    for (const file of [
      'dist/cdn/cwr-auth.js',
      'dist/index.mjs',
      'dist/index.cjs',
      'dist/index.d.ts',
      'dist/doctor.cjs',
      'emulator-dist/emulator/index.js',
      'emulator-dist/emulator/index.d.ts',
      'emulator-dist/emulator/schemas/page-view-event.json',
      'emulator-dist/emulator/viewer/app.js',
      'emulator-dist/emulator/viewer/app.css',
      'emulator-dist/cli/main.js',
    ]) {
      expect(fs.existsSync(path.join(parent, file))).toBe(true);
    }
    // Each package holds only its own files.
    expect(fs.existsSync(path.join(out, 'emulator'))).toBe(false);
    expect(fs.existsSync(path.join(out, 'cli'))).toBe(false);
    expect(fs.existsSync(path.join(emulatorOut, 'cdn'))).toBe(false);
    expect(fs.existsSync(path.join(out, 'stale.txt'))).toBe(false);
    expect(fs.existsSync(path.join(emulatorOut, 'stale.txt'))).toBe(false);
    expect(fs.readdirSync(parent).sort()).toEqual(['dist', 'emulator-dist']);
    // The sizes, printed at the end as before.
    expect(output).toMatch(/^dist\/cdn\/cwr\.js +[\d.]+ KB raw +[\d.]+ KB gzip {2}\(budget /m);
    expect(output).toMatch(/^dist\/index\.mjs +[\d.]+ KB raw +[\d.]+ KB gzip$/m);
  }, 180_000);

  describe('the staging and the swap (scripts/build.js buildInto)', () => {
    it('leaves the old output untouched and removes the staging dir when a step fails', () => {
      const parent = tempDir();
      const out = path.join(parent, 'dist');
      previousBuild(out, { 'cdn/cwr.js': 'old' });
      let stagingSeen = '';
      expect(() =>
        buildInto(out, (staging: string) => {
          stagingSeen = staging;
          write(path.join(staging, 'cdn/cwr.js'), 'half a build');
          throw new Error('rollup failed');
        }),
      ).toThrow('rollup failed');
      expect(path.dirname(stagingSeen)).toBe(parent);
      expect(fs.readFileSync(path.join(out, 'cdn/cwr.js'), 'utf8')).toBe('old');
      expect(fs.existsSync(path.join(out, 'stale.txt'))).toBe(true);
      expect(fs.readdirSync(parent)).toEqual(['dist']);
    });

    it('replaces the whole output, and creates it on a first build', () => {
      const parent = tempDir();
      const out = path.join(parent, 'dist');
      const build = (text: string) => (staging: string) => {
        write(path.join(staging, 'cdn/cwr.js'), text);
        return text.length;
      };
      expect(buildInto(out, build('first'))).toBe(5);
      previousBuild(out, {});
      expect(buildInto(out, build('second'))).toBe(6);
      expect(fs.readFileSync(path.join(out, 'cdn/cwr.js'), 'utf8')).toBe('second');
      expect(fs.existsSync(path.join(out, 'stale.txt'))).toBe(false);
      expect(fs.readdirSync(parent)).toEqual(['dist']);
    });

    it('deletes what a killed build left beside the output, not what a running one has', async () => {
      const parent = tempDir();
      const out = path.join(parent, 'dist');
      const dead = spawn(process.execPath, ['-e', '']);
      await new Promise((resolve) => dead.on('close', resolve));
      write(path.join(parent, `dist.staging-${dead.pid}`, 'cdn/cwr.js'), 'killed');
      write(path.join(parent, `dist.old-${dead.pid}`, 'cdn/cwr.js'), 'killed');
      const running = `dist.staging-${process.ppid}`;
      write(path.join(parent, running, 'cdn/cwr.js'), 'still building');
      buildInto(out, (staging: string) => write(path.join(staging, 'cdn/cwr.js'), 'new'));
      expect(fs.readdirSync(parent).sort()).toEqual(['dist', running]);
    });
  });
});
