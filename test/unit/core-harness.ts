import { AwsRum } from '../../src/boot/aws-rum';
import type { AwsRumConfig } from '../../src/boot/config';
import { type KeyValueStore, memoryStore } from '../../src/browser/storage';
import { APP_ID, fakeClock, fakeFetch } from './fakes';

/** An AwsRum wired to a fake clock, fetch, beacon and storage. */
export const makeRum = (
  config: AwsRumConfig = {},
  opts: {
    random?: () => number;
    answers?: Parameters<typeof fakeFetch>[0];
    idle?: (fn: () => void) => void;
    store?: KeyValueStore;
  } = {},
) => {
  const clock = fakeClock();
  const net = fakeFetch(opts.answers);
  const beacons: { url: string; body: string }[] = [];
  const store = opts.store ?? memoryStore();
  const rum = new AwsRum(
    APP_ID,
    '1.2.3',
    'us-west-2',
    { signing: false, telemetries: [], ...config },
    {
      clock,
      fetch: net.fetch,
      store,
      random: opts.random,
      idle: opts.idle,
      sendBeacon: (url, body) => {
        beacons.push({ url, body });
        return true;
      },
      loadSigner: () => import('../../src/transport/sigv4'),
    },
  );
  const sentEvents = () => net.requests.flatMap((r) => r.body.RumEvents);
  const sentTypes = () => sentEvents().map((e) => e.type.replace('com.amazon.rum.', ''));
  return { rum, clock, net, beacons, store, sentEvents, sentTypes };
};

export const CREDS = { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret', sessionToken: 'token' };
