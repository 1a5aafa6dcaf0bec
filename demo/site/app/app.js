// The shop app: a single page whose routes (/app/, /app/cart, /app/checkout) change with the
// History API. The client notices each pushState and popstate and records a page view.
(function () {
  'use strict';
  var demo = window.demo;
  var view = document.getElementById('view');

  var element = function (tag, attributes, children) {
    var el = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      el.setAttribute(name, attributes[name]);
    });
    (children || []).forEach(function (child) {
      el.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return el;
  };
  var link = function (href, text) {
    return element('a', { href: href, 'data-link': '' }, [text]);
  };

  var ROUTES = {
    '/app/': {
      title: 'Catalogue',
      render: function () {
        var list = element('ul', { class: 'products compact' });
        Object.keys(demo.products).forEach(function (id) {
          var product = demo.products[id];
          list.appendChild(
            element('li', {}, [
              element('img', { src: '/img/' + id + '.svg', alt: '', width: 120, height: 80 }),
              element('h3', {}, [product.name]),
              element('button', { type: 'button', 'data-add-to-cart': id }, [
                'Add to cart · $' + product.price,
              ]),
            ]),
          );
        });
        return [
          element('h1', {}, ['Catalogue']),
          element('p', {}, ['Add a few things, then ', link('/app/cart', 'look at the cart'), '.']),
          list,
        ];
      },
    },
    '/app/cart': {
      title: 'Cart',
      render: function () {
        var items = demo.cart.items();
        if (!items.length) {
          return [
            element('h1', {}, ['Cart']),
            element('p', {}, ['The cart is empty. ', link('/app/', 'Back to the catalogue'), '.']),
          ];
        }
        var total = 0;
        var rows = items.map(function (id, index) {
          var product = demo.products[id] || { name: id, price: 0 };
          total += product.price;
          return element('tr', {}, [
            element('td', {}, [product.name]),
            element('td', {}, ['$' + product.price]),
            element('td', {}, [
              element('button', { type: 'button', 'data-remove': String(index) }, ['Remove']),
            ]),
          ]);
        });
        return [
          element('h1', {}, ['Cart']),
          element('table', { class: 'cart' }, [
            element('tbody', {}, rows),
            element('tfoot', {}, [
              element('tr', {}, [element('th', {}, ['Total']), element('th', {}, ['$' + total])]),
            ]),
          ]),
          element('p', {}, [link('/app/checkout', 'Go to checkout →')]),
        ];
      },
    },
    '/app/checkout': {
      title: 'Checkout',
      render: function () {
        var count = demo.cart.items().length;
        return [
          element('h1', {}, ['Checkout']),
          element('p', {}, [
            count + ' item' + (count === 1 ? '' : 's') + ' in the cart. ',
            'Placing the order calls POST /api/ok and records a custom event.',
          ]),
          element('button', { type: 'button', 'data-place-order': '', class: 'primary' }, [
            'Place order',
          ]),
          element('p', { class: 'hint', 'data-order-result': '' }),
        ];
      },
    },
  };

  var render = function () {
    var route = ROUTES[location.pathname];
    var nodes = route
      ? route.render()
      : [
          element('h1', {}, ['Not in this app']),
          element('p', {}, [
            'No route for ' + location.pathname + '. ',
            link('/app/', 'Back to the catalogue'),
            '.',
          ]),
        ];
    view.replaceChildren.apply(view, nodes);
    document.title = (route ? route.title : 'Not found') + ' · Shop app · RUM demo shop';
    document.querySelectorAll('.routes a').forEach(function (a) {
      if (a.getAttribute('href') === location.pathname) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    });
    demo.markNav();
  };

  var go = function (href) {
    if (href === location.pathname) return;
    history.pushState(null, '', href);
    render();
    demo.log('route ' + href + ' (pushState)');
  };

  document.addEventListener('click', function (event) {
    var target = event.target;
    if (!target.closest) return;
    var a = target.closest('a[data-link]');
    if (a && !event.metaKey && !event.ctrlKey && !event.shiftKey && event.button === 0) {
      event.preventDefault();
      go(a.getAttribute('href'));
      return;
    }
    var remove = target.closest('[data-remove]');
    if (remove) {
      var items = demo.cart.items();
      items.splice(Number(remove.getAttribute('data-remove')), 1);
      demo.cart.save(items);
      render();
      return;
    }
    if (target.closest('[data-place-order]')) placeOrder();
  });
  // Re-render the cart after an add (demo.js adds; it runs first, on the same click).
  document.addEventListener('click', function (event) {
    if (event.target.closest && event.target.closest('[data-add-to-cart]')) {
      if (location.pathname === '/app/cart') render();
    }
  });
  window.addEventListener('popstate', render);

  var placeOrder = function () {
    var items = demo.cart.items();
    var result = document.querySelector('[data-order-result]');
    fetch('/api/ok', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ items: items }),
    }).then(
      function (response) {
        demo.client('recordEvent', {
          type: 'demo.order_placed',
          data: { items: items.length, status: response.status },
        });
        demo.cart.save([]);
        demo.log('order placed: POST /api/ok → ' + response.status, 'ok');
        if (result) result.textContent = 'Thank you! Order placed (' + items.length + ' items).';
      },
      function (error) {
        demo.log('order failed: ' + error.message, 'bad');
      },
    );
  };

  render();
})();
