// Two clients for two app monitors on one page, each with its own cookies, cache and keys.
import { AwsRum } from '../../../dist/index.mjs';

const { endpoint, apps } = window.E2E;
window.rums = apps.map(({ appMonitorId, credentials, name }) => {
  const rum = new AwsRum(appMonitorId, '1.0.0', 'us-west-2', {
    endpoint,
    dispatchInterval: 200,
    telemetries: ['errors'],
    allowCookies: true,
    cookieAttributes: { unique: true },
    credentials,
  });
  rum.recordEvent(`two.${name}`, { from: name });
  return rum;
});
