import { PutRumEventsCommand } from '@aws-sdk/client-rum';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../emulator';
import {
  APP_MONITORS,
  KEY,
  METADATA,
  MONITOR_ID,
  OTHER_MONITOR_ID,
  REGION,
  pageView,
  rumClient,
  sdkError,
  sdkInput,
  sessionStart,
  wireEvent,
} from './helpers';

// The official SDK is the reference client: whatever it signs and sends, the emulator must
// take as the real service would, and its errors must reach the SDK under the right names.

describe('PutRumEvents through @aws-sdk/client-rum', () => {
  let emu: Emulator;
  const start = async (options: EmulatorOptions = {}) => {
    emu = await startEmulator({ appMonitors: APP_MONITORS, credentials: [KEY], ...options });
    return emu;
  };
  afterEach(() => emu?.close());

  test('accepts a valid batch and stores the events parsed', async () => {
    await start();
    const input = sdkInput([sessionStart(), pageView()]);
    await rumClient(emu).send(new PutRumEventsCommand(input));

    const events = emu.events();
    expect(events).toHaveLength(2);
    expect(events.map((e) => e.event.type)).toEqual([
      'com.amazon.rum.session_start_event',
      'com.amazon.rum.page_view_event',
    ]);
    expect(events[1]).toMatchObject({
      appMonitorId: MONITOR_ID,
      batchId: input.BatchId,
      userDetails: input.UserDetails,
      appMonitorDetails: { id: MONITOR_ID, version: '1.2.3' },
      signed: true,
      presigned: false,
      accessKeyId: KEY.accessKeyId,
      event: {
        id: input.RumEvents[1].id,
        metadata: METADATA,
        details: { version: '1.0.0', pageId: '/home', interaction: 0 },
      },
    });
    expect(events[0].event.timestamp).toBeCloseTo(input.RumEvents[0].timestamp.getTime() / 1000, 3);
    expect(emu.events({ type: 'com.amazon.rum.page_view_event' })).toHaveLength(1);
    expect(emu.requests()).toEqual([
      expect.objectContaining({ method: 'POST', status: 200, eventCount: 2, signed: true }),
    ]);
  });

  test('a wrong secret is InvalidSignatureException', async () => {
    await start();
    const client = rumClient(emu, { credentials: { ...KEY, secretAccessKey: 'wrong' } });
    const error = await sdkError(client.send(new PutRumEventsCommand(sdkInput())));
    expect(error.name).toBe('InvalidSignatureException');
    expect(error.message).toMatch(/signature we calculated does not match/);
    expect(error.message).toMatch(/Canonical String/);
  });

  test('an unknown access key is UnrecognizedClientException', async () => {
    await start();
    const client = rumClient(emu, {
      credentials: { accessKeyId: 'AKIDNOBODY', secretAccessKey: 'x' },
    });
    const error = await sdkError(client.send(new PutRumEventsCommand(sdkInput())));
    expect(error.name).toBe('UnrecognizedClientException');
  });

  test('signing for another region than the app monitor is InvalidSignatureException', async () => {
    await start();
    const client = rumClient(emu, { region: 'us-east-1' });
    const error = await sdkError(client.send(new PutRumEventsCommand(sdkInput())));
    expect(error.name).toBe('InvalidSignatureException');
    expect(error.message).toMatch(/scoped to a valid region, not 'us-east-1'/);
  });

  test('a principal limited to other app monitors gets AccessDeniedException', async () => {
    await start({
      credentials: [{ ...KEY, sessionToken: 'tok', appMonitors: [OTHER_MONITOR_ID] }],
    });
    const client = rumClient(emu, { credentials: { ...KEY, sessionToken: 'tok' } });
    const error = await sdkError(client.send(new PutRumEventsCommand(sdkInput())));
    expect(error.name).toBe('AccessDeniedException');
    expect(error.message).toMatch(
      new RegExp(
        `arn:aws:sts::000000000000:assumed-role/.* is not authorized to perform: rum:PutRumEvents ` +
          `on resource: arn:aws:rum:${REGION}:000000000000:appmonitor/shop-web`,
      ),
    );
    // The app monitor it is allowed to use works.
    await client.send(new PutRumEventsCommand(sdkInput(undefined, OTHER_MONITOR_ID)));
  });

  test('an unknown app monitor is ResourceNotFoundException', async () => {
    await start();
    const id = '11111111-2222-3333-4444-555555555555';
    const error = await sdkError(
      rumClient(emu).send(new PutRumEventsCommand(sdkInput(undefined, id))),
    );
    expect(error.name).toBe('ResourceNotFoundException');
  });

  test('an event failing its schema is ValidationException naming the event', async () => {
    await start();
    const badError = wireEvent('com.amazon.rum.js_error_event', {
      version: '1.0.0',
      message: 'boom',
      unexpected: true,
    });
    let error = await sdkError(
      rumClient(emu).send(new PutRumEventsCommand(sdkInput([sessionStart(), badError]))),
    );
    expect(error.name).toBe('ValidationException');
    expect(error.message).toMatch(/RumEvents\[1\] \(com\.amazon\.rum\.js_error_event\)\.details/);
    expect(error.message).toMatch(/additional properties \('unexpected'\)/);

    const noDomain = wireEvent(
      'com.amazon.rum.session_start_event',
      { version: '1.0.0' },
      {
        version: '1.0.0',
      },
    );
    error = await sdkError(rumClient(emu).send(new PutRumEventsCommand(sdkInput([noDomain]))));
    expect(error.name).toBe('ValidationException');
    expect(error.message).toMatch(/metadata .*must have required property 'domain'/);
    expect(emu.events()).toHaveLength(0);
  });

  test('an expired session credential is ExpiredTokenException', async () => {
    await start({
      credentials: [{ ...KEY, sessionToken: 'session-token', expiration: Date.now() - 1000 }],
    });
    const client = rumClient(emu, { credentials: { ...KEY, sessionToken: 'session-token' } });
    const error = await sdkError(client.send(new PutRumEventsCommand(sdkInput())));
    expect(error.name).toBe('ExpiredTokenException');
  });

  test('a wrong, missing or unexpected session token is UnrecognizedClientException', async () => {
    await start({ credentials: [{ ...KEY, sessionToken: 'right-token' }] });
    for (const sessionToken of ['wrong-token', undefined]) {
      const client = rumClient(emu, { credentials: { ...KEY, sessionToken } });
      const error = await sdkError(client.send(new PutRumEventsCommand(sdkInput())));
      expect(error.name).toBe('UnrecognizedClientException');
    }
    emu.addCredential({ accessKeyId: 'AKIDLONGTERM', secretAccessKey: 's' });
    const longTerm = { accessKeyId: 'AKIDLONGTERM', secretAccessKey: 's', sessionToken: 'stray' };
    const error = await sdkError(
      rumClient(emu, { credentials: longTerm }).send(new PutRumEventsCommand(sdkInput())),
    );
    expect(error.name).toBe('UnrecognizedClientException');
  });

  test('an injected 500 fails once; the SDK retries and succeeds', async () => {
    await start();
    emu.addFault({ status: 500, errorType: 'InternalServerException', count: 1 });
    await rumClient(emu, { maxAttempts: 3 }).send(new PutRumEventsCommand(sdkInput()));
    expect(emu.requests().map((r) => [r.status, r.errorType])).toEqual([
      [500, 'InternalServerException'],
      [200, undefined],
    ]);
    expect(emu.events()).toHaveLength(2);
  });

  test('an injected throttle reaches the SDK as ThrottlingException', async () => {
    await start();
    emu.addFault({ status: 429, errorType: 'ThrottlingException', appMonitorId: MONITOR_ID });
    const error = await sdkError(rumClient(emu).send(new PutRumEventsCommand(sdkInput())));
    expect(error.name).toBe('ThrottlingException');
    await rumClient(emu).send(new PutRumEventsCommand(sdkInput()));
  });

  test('a client clock 10 minutes behind is rejected as expired; the Date header lets the SDK correct it', async () => {
    await start({ now: () => Date.now() + 10 * 60 * 1000 });
    const error = await sdkError(rumClient(emu).send(new PutRumEventsCommand(sdkInput())));
    expect(error.name).toBe('InvalidSignatureException');
    expect(error.message).toMatch(/Signature expired: \d{8}T\d{6}Z is now earlier than/);

    // The SDK reads the server's Date header, adjusts its clock offset and retries.
    await rumClient(emu, { maxAttempts: 2 }).send(new PutRumEventsCommand(sdkInput()));
    expect(emu.events()).toHaveLength(2);
  });
});
