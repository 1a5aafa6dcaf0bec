// An app that installs the client from the npm module and is code-split by its bundler: the
// client's lazily loaded modules become chunk files of the app's build, beside the app's own.
import { AwsRum } from '../../../dist/index.mjs';

const { appMonitorId, endpoint, credentials } = window.E2E;
const rum = new AwsRum(appMonitorId, '1.0.0', 'us-west-2', {
  endpoint,
  dispatchInterval: 60_000,
  allowCookies: true,
  credentials,
  // performance (and its insights, for routeTiming), interaction and replay (rrweb, after the
  // load event) are chunks; a misspelt option loads the diagnostics chunk, and signing the
  // auth chunk.
  telemetries: [
    ['performance', { eventLimit: 50, eventLimt: 1, routeTiming: true }],
    'interaction',
    'replay',
  ],
});
window.rum = rum;
// The app's own resources: a chunk of its own, a stylesheet and an image.
window.appReady = import('./split-route.js').then((m) => m.show());
