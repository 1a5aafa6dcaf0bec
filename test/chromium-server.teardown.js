// jest globalTeardown: test/chromium-server.js
module.exports = require('./chromium-server').teardown;
