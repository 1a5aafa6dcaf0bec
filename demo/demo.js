// The demo's own code: a few buttons that use the client, and a live view of the emulator.
(function () {
  var n = 0;
  document.getElementById('custom').onclick = function () {
    cwr('recordEvent', { type: 'demo.button_clicked', data: { clicks: ++n } });
  };
  document.getElementById('error').onclick = function () {
    cwr('recordError', new TypeError('Something went wrong on purpose (' + ++n + ')'));
  };
  document.getElementById('navigate').onclick = function () {
    history.pushState(null, '', '/route-' + ++n);
  };
  document.getElementById('dispatch').onclick = function () {
    cwr('dispatch');
  };

  var rows = document.getElementById('events');
  var refused = document.getElementById('refused');
  var text = function (s) {
    return String(s).replace(/[&<>]/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;' }[c];
    });
  };
  var refresh = function () {
    Promise.all([
      fetch('/_emulator/events').then(function (r) {
        return r.json();
      }),
      fetch('/_emulator/requests').then(function (r) {
        return r.json();
      }),
    ]).then(
      function (res) {
        var events = res[0].events.slice(-50).reverse();
        document.getElementById('count').textContent = '(' + res[0].events.length + ')';
        rows.innerHTML = events
          .map(function (e) {
            return (
              '<tr><td>' +
              new Date(e.event.timestamp * 1000).toLocaleTimeString() +
              '</td><td>' +
              text(e.event.type.replace('com.amazon.rum.', '')) +
              '</td><td>' +
              text(e.event.metadata.pageId || '') +
              '</td><td>' +
              text(e.userDetails.sessionId.slice(0, 8)) +
              '</td><td>' +
              (e.presigned ? 'beacon, presigned' : e.signed ? 'fetch, SigV4' : 'unsigned') +
              '</td></tr>'
            );
          })
          .join('');
        var bad = res[1].requests.filter(function (r) {
          return r.status >= 400 && r.errorType;
        });
        refused.innerHTML = bad.length
          ? bad
              .slice(-10)
              .map(function (r) {
                return (
                  '<li>' +
                  r.status +
                  ' ' +
                  text(r.errorType) +
                  ': ' +
                  text(r.message || '') +
                  '</li>'
                );
              })
              .join('')
          : '<li style="color:inherit">none</li>';
      },
      function () {},
    );
  };
  refresh();
  setInterval(refresh, 1000);
})();
