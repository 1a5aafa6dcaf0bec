'use strict';
// cloudwatch-rum-web/emulator, kept for code written against the client package's earlier
// layout: the emulator is the cloudwatch-rum-web-emulator package now, a development dependency
// of its own, so that installing the client installs only the client.
try {
  require.resolve('cloudwatch-rum-web-emulator');
} catch {
  throw new Error(
    'cloudwatch-rum-web/emulator loads the cloudwatch-rum-web-emulator package, which is not installed. ' +
      "Install it (npm install --save-dev cloudwatch-rum-web-emulator) and import it as 'cloudwatch-rum-web-emulator'.",
  );
}
// A top-level `module.exports = require('…')` with a literal name, so that Node's ES module
// loader sees the re-export and gives `import { startEmulator } from …` its named exports.
module.exports = require('cloudwatch-rum-web-emulator');
