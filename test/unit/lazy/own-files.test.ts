import {
  chunksLoaded,
  coreLater,
  fileOf,
  isOwnFile,
  learnChunk,
  learnCore,
  loading,
  ownFiles,
} from '../../../src/lazy/own-files';

const URL_A = 'http://localhost:8080/assets/chunk-AB12.js';

afterEach(() => ownFiles.clear());

describe("the client's own files", () => {
  it.each([
    ['Chromium, top level', `Error\n    at ${URL_A}:1:1969\n    at http://x.test/b.js:1:54`],
    [
      'Chromium, in a function',
      `Error\n    at Module.f (${URL_A}:12:7)\n    at http://x.test/b.js:1:5`,
    ],
    ['Firefox', `@${URL_A}:1:1969\nf@http://x.test/b.js:1:54\n`],
    ['WebKit', `module code@${URL_A}:1:1969\nglobal code@http://x.test/b.js:3:4`],
    ['a query', `Error\n    at ${URL_A}?v=3:1:2`],
  ])('reads the first file of a stack trace: %s', (_, stack) => {
    expect(fileOf({ stack })).toBe(stack.includes('?v=3') ? URL_A + '?v=3' : URL_A);
  });

  it('reads nothing from a stack without URLs, or no stack', () => {
    expect(fileOf({ stack: 'Error\n    at Object.<anonymous> (/src/lazy/load.ts:3:4)' })).toBe(
      undefined,
    );
    expect(fileOf({})).toBe(undefined);
    expect(fileOf(undefined)).toBe(undefined);
  });

  it("counts the core's file as its own only when no element of the page names it", () => {
    const script = document.createElement('script');
    script.src = 'http://localhost/app.js';
    document.head.appendChild(script);
    try {
      expect(learnCore({ stack: `Error\n    at http://localhost/app.js:1:2` })).toBe(
        'http://localhost/app.js',
      );
      expect([...ownFiles]).toEqual([]);
      learnCore({ stack: `Error\n    at ${URL_A}:1:2` });
      expect([...ownFiles]).toEqual([URL_A]);
    } finally {
      script.remove();
    }
  });

  it("reads the core's stack only when first asked (a chunk load or a resource check), once", () => {
    let reads = 0;
    const here = {
      get stack() {
        reads++;
        return `Error\n    at ${URL_A}:1:2`;
      },
    };
    const core = coreLater(here);
    expect(reads).toBe(0);
    expect(isOwnFile(URL_A)).toBe(true);
    expect(core()).toBe(URL_A);
    expect(isOwnFile('http://localhost/other.js')).toBe(false);
    expect(reads).toBe(1);
  });

  it("counts a chunk's file unless it is the core's (a build that did not split)", () => {
    const m = { _here: { stack: `Error\n    at ${URL_A}:1:2` } };
    expect(learnChunk(m, URL_A)).toBe(m);
    expect([...ownFiles]).toEqual([]);
    learnChunk(m, 'http://localhost/app.js');
    expect([...ownFiles]).toEqual([URL_A]);
  });

  it('counts the files of the modules a chunk shares with another (their own chunk, maybe)', () => {
    const shared = 'http://localhost:8080/assets/chunk-SH4R.js';
    const at = (url: string) => ({ stack: `Error\n    at ${url}:1:2` });
    learnChunk(
      { _here: [at(URL_A), at(shared), at('http://localhost/app.js')] },
      'http://localhost/app.js',
    );
    expect([...ownFiles].sort()).toEqual([URL_A, shared].sort());
  });

  it('says when the chunk loads in flight have settled, failed ones too', async () => {
    expect(chunksLoaded()).toBeUndefined();
    let resolve!: () => void;
    let reject!: (e: Error) => void;
    const a = loading(new Promise<void>((r) => (resolve = r)));
    const b = loading(new Promise<void>((_, r) => (reject = r)));
    b.catch(() => undefined);
    const done = jest.fn();
    chunksLoaded()!.then(done);
    resolve();
    await a;
    await Promise.resolve();
    expect(done).not.toHaveBeenCalled();
    reject(new Error('offline'));
    await new Promise((r) => setTimeout(r));
    expect(done).toHaveBeenCalled();
    expect(chunksLoaded()).toBeUndefined();
  });
});
