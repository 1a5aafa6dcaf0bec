import { gzip, MIN_COMPRESS_BYTES } from '../../../src/transport/compress';

// jsdom has no CompressionStream (and no Blob.stream or Response), so the compressing path
// itself is covered by the real-browser tests; here, the cases where it must not run.
describe('gzip', () => {
  afterEach(() => {
    delete (globalThis as { CompressionStream?: unknown }).CompressionStream;
  });

  it('resolves undefined for a body under the threshold, without starting a compressor', async () => {
    const ctor = jest.fn();
    (globalThis as { CompressionStream?: unknown }).CompressionStream = ctor;
    await expect(gzip('x'.repeat(MIN_COMPRESS_BYTES - 1))).resolves.toBeUndefined();
    await expect(gzip('')).resolves.toBeUndefined();
    expect(ctor).not.toHaveBeenCalled();
  });

  it('resolves undefined when the browser has no CompressionStream', async () => {
    expect(typeof CompressionStream).toBe('undefined');
    await expect(gzip('x'.repeat(100_000))).resolves.toBeUndefined();
  });
});
