// Where each engine's executables are (each overridable by an environment variable), and the
// Debian package that has them: read by test/engines.js, and by scripts/browsers.js before
// `npm ci` (so nothing here may need a dependency).
'use strict';

const file = (env, path, apt) => ({ env, path: process.env[env] || path, apt });

const ENGINE_FILES = {
  chromium: [file('CHROMIUM_PATH', '/usr/bin/chromium', 'chromium')],
  firefox: [file('FIREFOX_PATH', '/usr/bin/firefox-esr', 'firefox-esr')],
  webkit: [
    file('WEBKIT_DRIVER_PATH', '/usr/bin/WebKitWebDriver', 'webkit2gtk-driver'),
    file(
      'MINIBROWSER_PATH',
      '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
      'libwebkit2gtk-4.1-0',
    ),
    file('XVFB_PATH', '/usr/bin/Xvfb', 'xvfb'),
  ],
};

module.exports = { ENGINE_FILES };
