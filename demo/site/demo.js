// The demo site's shared script: the buttons that give the client something to record, the
// consent switch, the header's session line, and the diagnostics the viewer shows. Every page
// loads it; the settings come from window.CWR_DEMO, written by the demo server.
(function () {
  'use strict';
  var settings = window.CWR_DEMO || { emulator: '', appMonitorId: '' };
  var viewerUrl = settings.emulator + '/_emulator/';
  var clicks = 0;

  /** cwr(...) once the client has loaded (the snippet's stand-in returns nothing before). */
  var client = function (name, payload) {
    return typeof window.cwr === 'function' ? window.cwr(name, payload) : undefined;
  };

  // ---- activity log ---------------------------------------------------------------------

  var log = function (text, kind) {
    var list = document.querySelector('[data-log]');
    if (!list) return;
    var item = document.createElement('li');
    if (kind) item.className = kind;
    var time = document.createElement('time');
    time.textContent = new Date().toLocaleTimeString();
    item.appendChild(time);
    item.appendChild(document.createTextNode(' ' + text));
    list.insertBefore(item, list.firstChild);
    while (list.children.length > 12) list.removeChild(list.lastChild);
  };

  // ---- consent ---------------------------------------------------------------------------

  // The head script calls cwr('disable') before anything is recorded when this says 'off'.
  var CONSENT_KEY = 'cwr-demo-consent';
  var recording = function () {
    try {
      return localStorage.getItem(CONSENT_KEY) !== 'off';
    } catch {
      return true;
    }
  };
  var showConsent = function () {
    var on = recording();
    document.querySelectorAll('[data-consent-state]').forEach(function (el) {
      el.textContent = on ? 'on' : 'off';
      el.className = on ? 'state on' : 'state off';
    });
    document.querySelectorAll('[data-action="consent"]').forEach(function (button) {
      button.textContent = on ? 'Turn recording off' : 'Turn recording on';
      button.setAttribute('aria-pressed', String(!on));
    });
  };

  // ---- the buttons -----------------------------------------------------------------------

  var request = function (label, promise) {
    var started = performance.now();
    return promise.then(
      function (response) {
        var ms = Math.round(performance.now() - started);
        log(label + ' → ' + response.status + ' (' + ms + ' ms)', response.ok ? 'ok' : 'bad');
        return response;
      },
      function (error) {
        log(label + ' → network error: ' + error.message, 'bad');
      },
    );
  };

  var addImage = function (src, alt) {
    var gallery = document.querySelector('[data-gallery]');
    var img = new Image();
    img.alt = alt;
    img.width = 240;
    img.height = 160;
    img.onload = function () {
      log('image ' + src + ' loaded', 'ok');
    };
    img.onerror = function () {
      log('image ' + src + ' failed to load', 'bad');
    };
    img.src = src;
    if (gallery) gallery.appendChild(img);
  };

  var ACTIONS = [
    {
      group: 'Errors',
      items: [
        {
          id: 'throw',
          label: 'Throw an error',
          hint: 'uncaught: the errors telemetry records it',
          run: function (n) {
            log('throwing an uncaught error', 'bad');
            throw new Error('Demo: uncaught error #' + n + ' on ' + location.pathname);
          },
        },
        {
          id: 'reject',
          label: 'Reject a promise',
          hint: 'unhandled rejection',
          run: function (n) {
            log('rejecting a promise nobody handles', 'bad');
            Promise.reject(
              new TypeError('Demo: unhandled rejection #' + n + ' on ' + location.pathname),
            );
          },
        },
      ],
    },
    {
      group: 'Requests',
      items: [
        {
          id: 'fetch-500',
          label: 'fetch → 500',
          hint: 'GET /api/fail',
          run: function () {
            request('fetch /api/fail', fetch('/api/fail'));
          },
        },
        {
          id: 'xhr-404',
          label: 'XHR → 404',
          hint: 'GET /api/missing',
          run: function () {
            var xhr = new XMLHttpRequest();
            var started = performance.now();
            xhr.open('GET', '/api/missing');
            xhr.onloadend = function () {
              var ms = Math.round(performance.now() - started);
              log('XHR /api/missing → ' + xhr.status + ' (' + ms + ' ms)', 'bad');
            };
            xhr.send();
          },
        },
        {
          id: 'slow',
          label: 'Slow API (1.5 s)',
          hint: 'GET /api/slow?ms=1500',
          run: function () {
            request('fetch /api/slow', fetch('/api/slow?ms=1500'));
          },
        },
        {
          id: 'traced',
          label: 'Traced API',
          hint: 'fetch with an X-Amzn-Trace-Id header',
          run: function () {
            request('fetch /api/traced', fetch('/api/traced')).then(function (response) {
              if (!response) return;
              return response.json().then(function (body) {
                log(
                  body.traceHeader
                    ? 'the API received X-Amzn-Trace-Id: ' + body['x-amzn-trace-id']
                    : 'the API received no trace header',
                  body.traceHeader ? 'ok' : 'bad',
                );
              });
            });
          },
        },
      ],
    },
    {
      group: 'Resources',
      items: [
        {
          id: 'image',
          label: 'Load an image',
          hint: 'a resource timing entry',
          run: function (n) {
            addImage('/img/photo.svg?n=' + n, 'A photo');
          },
        },
        {
          id: 'missing-image',
          label: 'Load a missing image',
          hint: '404',
          run: function (n) {
            addImage('/img/missing.png?n=' + n, 'A missing image');
          },
        },
      ],
    },
    {
      group: 'Web vitals',
      items: [
        {
          id: 'slow-click',
          label: 'Slow click (400 ms)',
          hint: 'keeps the main thread busy: a poor interaction (INP, sent when you leave)',
          run: function () {
            var until = performance.now() + 400;
            while (performance.now() < until) {
              // Busy on purpose: the next paint waits.
            }
            log('kept the main thread busy for 400 ms');
          },
        },
        {
          id: 'layout-shift',
          label: 'Shift the layout',
          hint: 'a late banner pushes the page down: CLS (sent when you leave)',
          run: function () {
            // A second later, so the shift does not count as caused by the click.
            setTimeout(function () {
              var main = document.querySelector('main');
              var banner = document.createElement('div');
              banner.className = 'banner';
              banner.textContent = 'A late banner pushed everything down: a layout shift.';
              main.insertBefore(banner, main.firstChild);
              log('a banner arrived late and moved the page');
            }, 1000);
          },
        },
      ],
    },
    {
      group: 'Client',
      items: [
        {
          id: 'custom',
          label: 'Record a custom event',
          hint: "cwr('recordEvent', …)",
          run: function (n) {
            client('recordEvent', {
              type: 'demo.button_clicked',
              data: { clicks: n, page: location.pathname },
            });
            log('recorded demo.button_clicked #' + n, 'ok');
          },
        },
        {
          id: 'consent',
          label: 'Turn recording off',
          hint: "cwr('disable') / cwr('enable')",
          run: function () {
            var on = !recording();
            try {
              localStorage.setItem(CONSENT_KEY, on ? 'on' : 'off');
            } catch {
              // Private mode: the switch holds for this page only.
            }
            client(on ? 'enable' : 'disable');
            log(on ? "cwr('enable'): recording again" : "cwr('disable'): nothing is recorded now");
            showConsent();
          },
        },
        {
          id: 'dispatch',
          label: 'Send now',
          hint: "cwr('dispatch')",
          run: function () {
            client('dispatch');
            log('sent the waiting events', 'ok');
          },
        },
      ],
    },
  ];

  var renderActions = function (root) {
    ACTIONS.forEach(function (group) {
      var box = document.createElement('fieldset');
      var legend = document.createElement('legend');
      legend.textContent = group.group;
      box.appendChild(legend);
      group.items.forEach(function (action) {
        var button = document.createElement('button');
        button.type = 'button';
        button.id = 'action-' + action.id;
        button.setAttribute('data-action', action.id);
        button.title = action.hint;
        button.textContent = action.label;
        button.addEventListener('click', function () {
          action.run(++clicks);
        });
        box.appendChild(button);
      });
      if (group.group === 'Client') {
        var state = document.createElement('p');
        state.className = 'consent';
        state.innerHTML = 'Recording: <b data-consent-state></b>';
        box.appendChild(state);
      }
      root.appendChild(box);
    });
  };

  // ---- the cart (shared by the products page and the shop app) ------------------------

  var PRODUCTS = {
    mug: { name: 'Latency mug', price: 12 },
    tee: { name: 'Trace tee', price: 20 },
    cap: { name: 'Beacon cap', price: 15 },
    notebook: { name: 'Vitals notebook', price: 9 },
  };
  var CART_KEY = 'cwr-demo-cart';
  var cart = {
    items: function () {
      try {
        var items = JSON.parse(localStorage.getItem(CART_KEY) || '[]');
        return Array.isArray(items) ? items : [];
      } catch {
        return [];
      }
    },
    save: function (items) {
      try {
        localStorage.setItem(CART_KEY, JSON.stringify(items));
      } catch {
        // Private mode: the cart lives as long as the page.
      }
      document.querySelectorAll('[data-cart-count]').forEach(function (el) {
        el.textContent = String(items.length);
      });
    },
    add: function (id) {
      var product = PRODUCTS[id];
      if (!product) return;
      cart.save(cart.items().concat([id]));
      client('recordEvent', {
        type: 'demo.add_to_cart',
        data: { product: id, price: product.price },
      });
      log(product.name + ' added to the cart', 'ok');
    },
  };
  document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('[data-add-to-cart]');
    if (button) cart.add(button.getAttribute('data-add-to-cart'));
  });

  // ---- header: navigation, session, events at the emulator ------------------------------

  var markNav = function () {
    document.querySelectorAll('header nav a').forEach(function (a) {
      var here = a.getAttribute('href');
      var current =
        here === '/app/' ? location.pathname.indexOf('/app/') === 0 : location.pathname === here;
      if (current) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    });
  };

  var counted = { sessionId: undefined, since: undefined, events: 0 };
  var refreshStatus = function () {
    var status = document.querySelector('[data-status]');
    var sessionId = client('getSessionId');
    if (!status) return;
    if (!sessionId) {
      status.textContent = recording() ? 'starting the client…' : 'recording is off';
      return;
    }
    if (counted.sessionId !== sessionId) counted = { sessionId: sessionId, events: 0 };
    var query = '?session=' + encodeURIComponent(sessionId);
    if (counted.since !== undefined) query += '&since=' + counted.since;
    fetch(settings.emulator + '/_emulator/events' + query)
      .then(function (r) {
        return r.json();
      })
      .then(function (body) {
        var mine = body.events.filter(function (e) {
          return e.userDetails && e.userDetails.sessionId === sessionId;
        });
        // An emulator that pages with ?since= says where it got to in `last`.
        if (body.last !== undefined && body.last !== null) {
          counted.events += mine.length;
          counted.since = body.last;
        } else {
          counted.events = mine.length;
        }
        status.textContent =
          'session ' +
          sessionId.slice(0, 8) +
          ' · ' +
          counted.events +
          ' events at the emulator' +
          (recording() ? '' : ' · recording off');
      })
      .catch(function () {
        status.textContent = 'session ' + sessionId.slice(0, 8) + ' · emulator not answering';
      });
  };

  /** The client's own account of its state, for the viewer's diagnostics panel. */
  var postDiagnostics = function () {
    var sessionId = client('getSessionId');
    var report = client('diagnose');
    if (!sessionId || !report) return;
    fetch(settings.emulator + '/_emulator/diagnostics', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        appMonitorId: settings.appMonitorId,
        sessionId: sessionId,
        report: report,
      }),
    }).catch(function () {
      // The emulator is gone or too old to take diagnostics; the page goes on.
    });
  };

  document.querySelectorAll('[data-viewer-link]').forEach(function (a) {
    a.href = viewerUrl;
  });
  document.querySelectorAll('[data-actions]').forEach(renderActions);
  showConsent();
  cart.save(cart.items());
  markNav();
  setTimeout(refreshStatus, 500);
  setInterval(refreshStatus, 2000);
  setTimeout(postDiagnostics, 1000);
  setInterval(postDiagnostics, 3000);

  window.demo = {
    log: log,
    markNav: markNav,
    client: client,
    postDiagnostics: postDiagnostics,
    cart: cart,
    products: PRODUCTS,
  };
})();
