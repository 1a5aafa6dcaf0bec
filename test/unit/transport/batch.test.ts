/** A batch's body as it goes out: gzipped when that pays, halved until it fits keepalive. */
import { createEventCache } from '../../../src/domain/event-cache';
import { preparePayload } from '../../../src/transport/batch';
import { events, ids, plainTicket, settings } from './helpers';

describe('preparePayload', () => {
  it('a small batch goes whole, as JSON, its size in UTF-8 bytes', async () => {
    const cache = createEventCache(100);
    const batch = events(3);
    const p = await preparePayload(batch, cache, settings(), plainTicket(batch));
    expect(typeof p?.body).toBe('string');
    expect(ids([p!.body as string])).toEqual(['id-0', 'id-1', 'id-2']);
    expect(p!.bytes).toBe(new TextEncoder().encode(p!.body as string).byteLength);
    expect(cache.size).toBe(0);
  });

  it('gives its second half back to the queue until the body fits 16 KB (every request keepalive)', async () => {
    const cache = createEventCache(100);
    const batch = events(5, 6000);
    const p = await preparePayload(batch, cache, settings(), plainTicket(batch));
    expect(ids([p!.body as string])).toEqual(['id-0', 'id-1']);
    expect(p!.bytes).toBeLessThanOrEqual(16_000);
    expect(batch).toHaveLength(2); // the batch is what goes
    expect(cache.take(10).map((q) => q.event.id)).toEqual(['id-2', 'id-3', 'id-4']);
  });

  it('one event alone over 16 KB goes as it is', async () => {
    const cache = createEventCache(100);
    const batch = events(1, 40_000);
    const p = await preparePayload(batch, cache, settings(), plainTicket(batch));
    expect(p!.bytes).toBeGreaterThan(16_000);
  });

  it('without CompressionStream (jsdom, WebKit during a navigation) compression is skipped', async () => {
    const cache = createEventCache(100);
    const batch = events(3, 1000);
    const p = await preparePayload(
      batch,
      cache,
      settings({ compression: true }),
      plainTicket(batch),
    );
    expect(typeof p!.body).toBe('string');
  });

  it('undefined when the page-hide flush took the batch meanwhile', async () => {
    const cache = createEventCache(100);
    const batch = events(2);
    const ticket = plainTicket(batch);
    ticket._reclaimed = true;
    await expect(preparePayload(batch, cache, settings(), ticket)).resolves.toBeUndefined();
  });
});
