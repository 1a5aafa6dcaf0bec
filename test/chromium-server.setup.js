// jest globalSetup: test/chromium-server.js
module.exports = require('./chromium-server').setup;
