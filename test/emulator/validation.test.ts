import { startEmulator, type Emulator } from '../../emulator';
import { DETAILS_SCHEMAS } from '../../emulator/schemas';
import {
  APP_MONITORS,
  METADATA,
  OPEN_MONITOR_ID,
  batch,
  post,
  sessionStart,
  wireEvent,
} from './helpers';

// Validation runs after authentication; these tests use the app monitor that takes unsigned
// requests so each case is one plain POST.

const V = '1.0.0';
const TRACE_ID = '1-65a0f2c3-0123456789abcdef01234567';

/** One valid `details` per built-in event type. */
const VALID_DETAILS: Record<string, Record<string, unknown>> = {
  'com.amazon.rum.session_start_event': { version: V },
  'com.amazon.rum.page_view_event': { version: V, pageId: '/cart', interaction: 1 },
  'com.amazon.rum.page_close_event': {
    pageId: '/cart',
    pageInteractionId: '/cart-1',
    interaction: 1,
  },
  'com.amazon.rum.js_error_event': { version: V, type: 'TypeError', message: 'x is undefined' },
  'com.amazon.rum.http_event': {
    version: V,
    trace_id: TRACE_ID,
    segment_id: '0123456789abcdef',
    request: { method: 'GET', url: 'https://api.example.com/items' },
    response: { status: 503, statusText: 'Service Unavailable' },
  },
  'com.amazon.rum.xray_trace_event': {
    version: V,
    name: 'example.com',
    id: '0123456789abcdef',
    trace_id: TRACE_ID,
    start_time: 1700000000.1,
    end_time: 1700000000.3,
    http: { request: { method: 'GET', url: 'https://example.com/' }, response: { status: 200 } },
    subsegments: [{ id: 'fedcba9876543210', name: 'api.example.com', start_time: 1700000000.2 }],
  },
  'com.amazon.rum.performance_navigation_event': {
    version: V,
    initiatorType: 'navigation',
    startTime: 0,
    duration: 840,
  },
  'com.amazon.rum.performance_resource_event': {
    version: V,
    initiatorType: 'script',
    duration: 31,
    fileType: 'script',
  },
  'com.amazon.rum.largest_contentful_paint_event': { version: V, value: 1200 },
  'com.amazon.rum.cumulative_layout_shift_event': { version: V, value: 0.02 },
  'com.amazon.rum.interaction_to_next_paint_event': { version: V, value: 64 },
  'com.amazon.rum.first_contentful_paint_event': { version: V, value: 700 },
  'com.amazon.rum.time_to_first_byte_event': { version: V, value: 90 },
  'com.amazon.rum.first_input_delay_event': { version: V, value: 4 },
  'com.amazon.rum.time_to_interactive_event': { version: V, value: 1500 },
  'com.amazon.rum.dom_event': { version: '1.1.0', event: 'click', elementId: 'buy' },
  'com.amazon.rum.rrweb_event': {
    version: V,
    events: [{ type: 2, timestamp: 1700000000000, data: {} }],
    eventCount: 1,
  },
};

describe('PutRumEvents validation', () => {
  let emu: Emulator;
  const url = () => `${emu.url}/appmonitors/${OPEN_MONITOR_ID}/`;
  const send = (body: unknown, headers?: Record<string, string>) =>
    post(url(), typeof body === 'string' ? body : JSON.stringify(body), headers);
  const openBatch = (events = [sessionStart()]) => batch(events, OPEN_MONITOR_ID);

  beforeAll(async () => {
    emu = await startEmulator({ appMonitors: APP_MONITORS });
  });
  afterAll(() => emu.close());
  beforeEach(() => emu.reset());

  test('every built-in type has a schema, and a valid event of each is accepted', async () => {
    expect([...DETAILS_SCHEMAS.keys()].sort()).toEqual(Object.keys(VALID_DETAILS).sort());
    const events = Object.entries(VALID_DETAILS).map(([type, details]) => wireEvent(type, details));
    const res = await send(openBatch(events));
    expect(res.json).toEqual({});
    expect(emu.events()).toHaveLength(events.length);
  });

  test('custom events: any object details, no schema', async () => {
    const custom = wireEvent('my_app.checkout-done', { cart: { items: 3 }, total: 42.5 });
    expect((await send(openBatch([custom]))).status).toBe(200);
    expect(emu.events({ type: 'my_app.checkout-done' })[0].event.details).toEqual({
      cart: { items: 3 },
      total: 42.5,
    });
  });

  test('batch-level SessionMetadata (sent by aws-rum-web 3.x) is merged under each event', async () => {
    const partial = wireEvent(
      'com.amazon.rum.session_start_event',
      { version: V },
      { pageId: '/x' },
    );
    expect((await send(openBatch([partial]))).errorType).toBe('ValidationException');
    const body = {
      ...openBatch([partial]),
      SessionMetadata: JSON.stringify({ ...METADATA, pageId: '/old' }),
    };
    expect((await send(body)).status).toBe(200);
    expect(emu.events()[0].event.metadata).toEqual({ ...METADATA, pageId: '/x' });
  });

  test('the nil user id (user ids disabled) and an Alias are accepted', async () => {
    const body = {
      ...openBatch(),
      UserDetails: {
        userId: '00000000-0000-0000-0000-000000000000',
        sessionId: 'a1b2c3d4-0000-4000-8000-000000000001',
      },
      Alias: 'team-a',
    };
    expect((await send(body)).status).toBe(200);
    expect(emu.events()[0]).toMatchObject({
      alias: 'team-a',
      userDetails: { userId: '00000000-0000-0000-0000-000000000000' },
    });
  });

  const bodyCases: Array<[string, () => unknown, RegExp, Record<string, string>?]> = [
    ['a body that is not JSON', () => '{"BatchId":', /not valid JSON/],
    [
      'a missing BatchId',
      () => ({ ...openBatch(), BatchId: undefined }),
      /required property 'BatchId'/,
    ],
    [
      'a BatchId that is not a UUID',
      () => ({ ...openBatch(), BatchId: 'batch-1' }),
      /BatchId must match pattern/,
    ],
    [
      'AppMonitorDetails.id different from the path',
      () => ({ ...openBatch(), AppMonitorDetails: { id: APP_MONITORS[0].id, version: '1' } }),
      /does not match the app monitor id in the path/,
    ],
    [
      'a missing AppMonitorDetails.version',
      () => ({ ...openBatch(), AppMonitorDetails: { id: OPEN_MONITOR_ID } }),
      /AppMonitorDetails must have required property 'version'/,
    ],
    [
      'a sessionId that is not a UUID',
      () => ({
        ...openBatch(),
        UserDetails: { userId: '00000000-0000-0000-0000-000000000000', sessionId: 'abc' },
      }),
      /UserDetails.sessionId must match pattern/,
    ],
    ['no events', () => openBatch([]), /RumEvents must NOT have fewer than 1 items/],
    [
      'more than 100 events',
      () => openBatch(Array.from({ length: 101 }, () => sessionStart())),
      /RumEvents must NOT have more than 100 items/,
    ],
    [
      'an Alias over 255 characters',
      () => ({ ...openBatch(), Alias: 'a'.repeat(256) }),
      /Alias must NOT have more than 255/,
    ],
    [
      'a timestamp that is not a number',
      () => openBatch([{ ...sessionStart(), timestamp: '2024-01-01' as unknown as number }]),
      /RumEvents.0.timestamp must be number/,
    ],
    [
      'an event id that is not a UUID',
      () => openBatch([{ ...sessionStart(), id: '42' }]),
      /RumEvents.0.id must match pattern/,
    ],
    [
      'an event type with a space',
      () => openBatch([wireEvent('my event', {})]),
      /RumEvents.0.type must match pattern/,
    ],
    [
      'an unknown com.amazon.rum type',
      () => openBatch([wireEvent('com.amazon.rum.made_up_event', { version: V })]),
      /'com.amazon.rum.made_up_event' is not a CloudWatch RUM event type/,
    ],
    [
      'details that are not a JSON object',
      () => openBatch([{ ...sessionStart(), details: '[1,2]' }]),
      /details must be a JSON object/,
    ],
    [
      'metadata that is not JSON',
      () => openBatch([{ ...sessionStart(), metadata: '{version' }]),
      /RumEvents\[0\] \(com.amazon.rum.session_start_event\).metadata is not valid JSON/,
    ],
    [
      'a metadata attribute value over 256 characters',
      () =>
        openBatch([
          wireEvent(
            'com.amazon.rum.session_start_event',
            { version: V },
            {
              version: V,
              domain: 'example.com',
              note: 'x'.repeat(257),
            },
          ),
        ]),
      /metadata fails meta-data.json: note must NOT have more than 256 characters/,
    ],
    [
      'a wrong details version',
      () => openBatch([wireEvent('com.amazon.rum.session_start_event', { version: '2.0.0' })]),
      /details fails its schema: version must be equal to constant \("1.0.0"\)/,
    ],
    [
      'a custom event over 6 KB',
      () => openBatch([wireEvent('big.event', { blob: 'x'.repeat(6 * 1024) })]),
      /custom event is \d+ bytes \(details \+ metadata\); the limit is 6144 bytes/,
    ],
    [
      'an unsupported Content-Type',
      () => openBatch(),
      /Unsupported Content-Type 'application\/xml'/,
      { 'content-type': 'application/xml' },
    ],
    [
      'an unsupported Content-Encoding',
      () => openBatch(),
      /Unsupported Content-Encoding 'br'/,
      { 'content-type': 'application/json', 'content-encoding': 'br' },
    ],
  ];

  // Rows as objects: a 4-argument callback over 3-column rows would make jest wait for `done`.
  const rows = bodyCases.map(([name, body, message, headers]) => ({
    name,
    body,
    message,
    headers,
  }));
  test.each(rows)('$name is ValidationException', async ({ body, message, headers }) => {
    const res = await send(body(), headers);
    expect(res.status).toBe(400);
    expect(res.errorType).toBe('ValidationException');
    expect(String(res.json.message)).toMatch(message);
    expect(emu.events()).toEqual([]);
    expect(emu.requests()).toEqual([
      expect.objectContaining({ status: 400, errorType: 'ValidationException' }),
    ]);
  });

  test('one bad event rejects the whole batch', async () => {
    const bad = wireEvent('com.amazon.rum.page_view_event', { version: V }); // no pageId
    const res = await send(openBatch([sessionStart(), sessionStart(), bad]));
    expect(res.errorType).toBe('ValidationException');
    expect(String(res.json.message)).toMatch(/RumEvents\[2\].*required property 'pageId'/);
    expect(emu.events()).toEqual([]);
  });

  test('sendBeacon bodies (text/plain, or no Content-Type) are accepted', async () => {
    expect((await send(openBatch(), { 'content-type': 'text/plain;charset=UTF-8' })).status).toBe(
      200,
    );
    expect((await send(openBatch(), {})).status).toBe(200);
  });
});
