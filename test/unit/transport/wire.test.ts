/** The PutRumEvents body. */
import { requestBody, utf8Length, wireEvents } from '../../../src/transport/wire';
import { APP_ID } from '../fakes';
import { event, settings } from './helpers';

describe('wireEvents', () => {
  it('moves the metadata all events share to SessionMetadata; times in whole seconds', () => {
    const { common, events } = wireEvents([event(0), event(1)]);
    expect(JSON.parse(common!)).toEqual({ version: '1.0.0', domain: 'example.com' });
    expect(events.map((e) => JSON.parse(e.metadata as string))).toEqual([
      { pageId: '/' },
      { pageId: '/' },
    ]);
    expect(events.map((e) => e.timestamp)).toEqual([1_700_000_000, 1_700_000_001]);
    expect(Object.keys(events[0])).toEqual(['id', 'timestamp', 'type', 'metadata', 'details']);
  });

  it('sends metadata that is not a JSON object as it is, with nothing shared', () => {
    const odd = event(0);
    odd.event.metadata = 'not json';
    const { common, events } = wireEvents([odd, event(1)]);
    expect(common).toBeUndefined();
    expect(events[0].metadata).toBe('not json');
  });

  it('a key whose value differs between the events stays with each event', () => {
    const other = event(1);
    other.event.metadata = JSON.stringify({ version: '2.0.0', domain: 'example.com', pageId: '/' });
    const { common, events } = wireEvents([event(0), other]);
    expect(JSON.parse(common!)).toEqual({ domain: 'example.com' });
    expect(JSON.parse(events[1].metadata as string)).toEqual({ version: '2.0.0', pageId: '/' });
  });

  it('a key one event lacks stays with the events that have it', () => {
    const other = event(1);
    other.event.metadata = JSON.stringify({ version: '1.0.0', pageId: '/' });
    const { common, events } = wireEvents([event(0), other]);
    expect(JSON.parse(common!)).toEqual({ version: '1.0.0' });
    expect(JSON.parse(events[0].metadata as string)).toEqual({
      domain: 'example.com',
      pageId: '/',
    });
    expect(JSON.parse(events[1].metadata as string)).toEqual({ pageId: '/' });
  });
});

describe('requestBody', () => {
  it('the app monitor, the batch session and user, a batch id, the alias when there is one', () => {
    const body = JSON.parse(requestBody([event(0), event(1)], settings({ alias: 'prod' })));
    expect(body).toMatchObject({
      AppMonitorDetails: { id: APP_ID, version: '1.0.0' },
      UserDetails: { userId: 'u', sessionId: 's' },
      Alias: 'prod',
    });
    expect(body.BatchId).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.RumEvents).toHaveLength(2);
    expect(JSON.parse(body.SessionMetadata)).toEqual({ version: '1.0.0', domain: 'example.com' });
    const plain = JSON.parse(requestBody([event(0)], settings()));
    expect('Alias' in plain).toBe(false);
    expect(plain.BatchId).not.toBe(body.BatchId);
  });

  it('utf8Length counts bytes, not characters', () => {
    expect(utf8Length('é€')).toBe(5);
  });
});
