'use strict';
// cloudwatch-rum-web/emulator, kept for code written against the client package's earlier
// layout: the emulator is the cloudwatch-rum-web-emulator package now, a development dependency
// of its own, so that installing the client installs only the client.
const EMULATOR = 'cloudwatch-rum-web-emulator';
let found = true;
try {
  require.resolve(EMULATOR);
} catch {
  found = false;
}
if (!found) {
  throw new Error(
    `cloudwatch-rum-web/emulator loads the ${EMULATOR} package, which is not installed. ` +
      `Install it (npm install --save-dev ${EMULATOR}) and import it as '${EMULATOR}'.`,
  );
}
module.exports = require('cloudwatch-rum-web-emulator');
