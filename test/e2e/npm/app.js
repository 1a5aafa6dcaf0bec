// A tiny app that installs the client from the npm module, as a site's bundler would.
import { AwsRum } from '../../../dist/index.mjs';

const { appMonitorId, endpoint, credentials } = window.E2E;
const rum = new AwsRum(appMonitorId, '2.0.0', 'us-west-2', {
  endpoint,
  dispatchInterval: 200,
  telemetries: [],
  allowCookies: true,
  credentials,
});
rum.recordEvent('npm.app.started', { ok: true });
window.rum = rum;
