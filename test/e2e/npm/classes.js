// An app that installs the client from the npm module with the predecessor's plugin classes:
// window.E2E.plugins is [[class name, options]], given in eventPluginsToLoad or with addPlugin.
import * as rumWeb from '../../../dist/index.mjs';

const { appMonitorId, endpoint, credentials, plugins, via, config } = window.E2E;
const made = plugins.map(([name, options]) => new rumWeb[name](options));
const options = {
  endpoint,
  dispatchInterval: 200,
  telemetries: [],
  credentials,
  ...config,
  eventPluginsToLoad: via === 'config' ? made : [],
};
// (telemetries: null in the test's config: the default telemetries.)
if (options.telemetries === null) delete options.telemetries;
const rum = new rumWeb.AwsRum(appMonitorId, '1.0.0', 'us-west-2', options);
if (via === 'addPlugin') made.forEach((p) => rum.addPlugin(p));
window.rum = rum;
window.plugins = made;
