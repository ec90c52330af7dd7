// Driftwood, the Loupe demo shop. Plain browser JavaScript with no build step and no import of
// Loupe's code: the shop talks to Loupe only through the `loupe(...)` global of the embed snippet,
// as any customer site does. A few flaws are left in on purpose (marked FRICTION) so Loupe has
// something honest to observe.
(function () {
  'use strict';

  var PRODUCTS = [
    {
      id: 'stoneware-mug',
      name: 'Stoneware mug',
      category: 'Kitchen',
      price: 24,
      img: 'mug',
      blurb: 'Thrown by hand in Portugal, glazed in a warm terracotta that deepens with every wash. Holds 350 ml.',
    },
    {
      id: 'walnut-board',
      name: 'Walnut cutting board',
      category: 'Kitchen',
      price: 68,
      img: 'board',
      blurb: 'One piece of end-grain American walnut, oiled and ready. Kind to knives, handsome on the table.',
    },
    {
      id: 'pour-over-kettle',
      name: 'Pour-over kettle',
      category: 'Kitchen',
      price: 89,
      img: 'kettle',
      blurb: 'A gooseneck spout for a slow, even pour and an oak handle that stays cool. Works on every hob.',
    },
    {
      id: 'wool-throw',
      name: 'Merino wool throw',
      category: 'Living',
      price: 120,
      img: 'throw',
      blurb: 'Woven in a family mill in Wales from undyed merino. Warm in winter, breathable in summer.',
    },
    {
      id: 'fern-planter',
      name: 'Terracotta planter',
      category: 'Living',
      price: 38,
      img: 'planter',
      blurb: 'Unglazed clay that lets roots breathe, with a matching saucer. Fits a 15 cm nursery pot.',
    },
    {
      id: 'brass-lamp',
      name: 'Brass desk lamp',
      category: 'Workspace',
      price: 149,
      img: 'lamp',
      blurb: 'Solid brass arm, linen cord and a warm 2700 K bulb. Ages to a soft patina over the years.',
    },
  ];
  // The demo's customer accounts (account.html picks one; there is no password). `id` is the shop's
  // own customer id: pseudonymous, never an e-mail or a name. `traits` are what the shop knows about
  // the customer and tells Loupe, so answers and visits can be read by segment (plan=pro vs free).
  // `name` stays in the page: it is for the header, and is never sent.
  var ACCOUNTS = [
    {
      id: 'cus_7Q2M4',
      name: 'Ana',
      about: 'A café owner in Porto who buys for her shop',
      traits: { plan: 'pro', customerType: 'business', country: 'PT', newsletter: true },
    },
    {
      id: 'cus_3K9T1',
      name: 'Tom',
      about: 'Buys a present now and then',
      traits: { plan: 'free', customerType: 'consumer', country: 'GB', newsletter: false },
    },
    {
      id: 'cus_5X8B6',
      name: 'Lena',
      about: 'Furnishes the offices of a design studio in Berlin',
      traits: { plan: 'team', customerType: 'business', country: 'DE', newsletter: true },
    },
  ];
  var ACCOUNT_KEY = 'driftwood-account';
  var CART_KEY = 'driftwood-cart';
  var ORDER_KEY = 'driftwood-last-order';
  var SHIPPING_FREE_FROM = 75;
  var SHIPPING = 6;

  var money = new Intl.NumberFormat('en-IE', { style: 'currency', currency: 'EUR' });
  var byId = function (id) {
    return PRODUCTS.find(function (p) {
      return p.id === id;
    });
  };

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') node.textContent = attrs[k];
      else if (k === 'class') node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) {
      if (c) node.append(c);
    });
    return node;
  }

  // ---- Account (who is signed in: the shop's own state, in localStorage) --------------------
  function readAccount() {
    var id = localStorage.getItem(ACCOUNT_KEY);
    return (
      ACCOUNTS.find(function (a) {
        return a.id === id;
      }) || null
    );
  }
  /** Tells Loupe who the visitor is: the customer id and traits, or nobody (no arguments). */
  function identify(account) {
    if (account) loupe('identify', account.id, account.traits);
    else loupe('identify');
  }
  function signIn(account) {
    localStorage.setItem(ACCOUNT_KEY, account.id);
    identify(account);
  }
  function signOut() {
    localStorage.removeItem(ACCOUNT_KEY);
    identify(null);
  }
  /** `{ plan: 'pro', seats: 3 }`: traits as they would be written in the page's code. */
  function jsLiteral(traits) {
    var parts = Object.keys(traits).map(function (k) {
      var v = traits[k];
      return k + ': ' + (typeof v === 'string' ? "'" + v + "'" : String(v));
    });
    return '{ ' + parts.join(', ') + ' }';
  }
  /** The header's account link: "Sign in" (coming back here afterwards), or the customer's name. */
  function renderAccountLink() {
    var account = readAccount();
    var here = location.pathname + location.search;
    document.querySelectorAll('[data-account]').forEach(function (a) {
      a.textContent = account ? account.name : 'Sign in';
      if (!account && document.body.dataset.page !== 'account')
        a.href = '/demo/account.html?next=' + encodeURIComponent(here);
    });
  }

  // ---- Cart (the shop's own state, in localStorage) ----------------------------------------
  function readCart() {
    var lines;
    try {
      lines = JSON.parse(localStorage.getItem(CART_KEY) || '[]');
      return Array.isArray(lines)
        ? lines.filter(function (l) {
            return byId(l.id) && l.qty > 0;
          })
        : [];
    } catch (_e) {
      return [];
    }
  }
  function writeCart(lines) {
    localStorage.setItem(CART_KEY, JSON.stringify(lines));
    renderBadge();
  }
  function addToCart(id, qty) {
    var lines = readCart();
    var line = lines.find(function (l) {
      return l.id === id;
    });
    if (line) line.qty += qty;
    else lines.push({ id: id, qty: qty });
    writeCart(lines);
  }
  function totals(lines) {
    var subtotal = lines.reduce(function (s, l) {
      return s + byId(l.id).price * l.qty;
    }, 0);
    var shipping = subtotal === 0 || subtotal >= SHIPPING_FREE_FROM ? 0 : SHIPPING;
    return {
      subtotal: subtotal,
      shipping: shipping,
      total: subtotal + shipping,
      items: lines.reduce(function (s, l) {
        return s + l.qty;
      }, 0),
    };
  }
  function renderBadge() {
    var n = totals(readCart()).items;
    document.querySelectorAll('[data-cart-count]').forEach(function (b) {
      b.textContent = String(n);
      b.hidden = n === 0;
    });
  }
  function toast(message) {
    var t = el('div', { class: 'toast', role: 'status', text: message });
    document.body.append(t);
    setTimeout(function () {
      t.remove();
    }, 2500);
  }

  function productCard(p) {
    return el('a', { class: 'product-card', href: '/demo/product.html?id=' + p.id, 'data-product': p.id }, [
      el('img', { src: '/demo/img/' + p.img + '.svg', alt: p.name, width: '400', height: '400', loading: 'lazy' }),
      el('div', { class: 'info' }, [
        el('div', { class: 'name', text: p.name }),
        el('div', { class: 'muted small', text: p.category }),
        el('div', { class: 'price', text: money.format(p.price) }),
      ]),
    ]);
  }

  function summaryList(t) {
    return el('dl', {}, [
      el('dt', { text: 'Subtotal' }),
      el('dd', { text: money.format(t.subtotal) }),
      el('dt', { text: 'Shipping' }),
      el('dd', { text: t.shipping ? money.format(t.shipping) : 'Free' }),
      el('dt', { class: 'total', text: 'Total' }),
      el('dd', { class: 'total', text: money.format(t.total) }),
    ]);
  }

  // ---- Pages ----------------------------------------------------------------------------------
  var pages = {
    home: function () {
      var featured = document.getElementById('featured');
      ['stoneware-mug', 'wool-throw', 'brass-lamp'].forEach(function (id) {
        featured.append(productCard(byId(id)));
      });
      var form = document.getElementById('newsletter');
      form.addEventListener('submit', function (e) {
        e.preventDefault();
        form.replaceWith(
          el('p', { class: 'notice ok', role: 'status', text: 'Thanks! Watch your inbox for our next letter.' }),
        );
      });
    },

    products: function () {
      var grid = document.getElementById('product-grid');
      var chips = document.querySelectorAll('[data-category]');
      function show(category) {
        grid.replaceChildren.apply(
          grid,
          PRODUCTS.filter(function (p) {
            return category === 'All' || p.category === category;
          }).map(productCard),
        );
        chips.forEach(function (c) {
          c.setAttribute('aria-pressed', String(c.dataset.category === category));
        });
      }
      chips.forEach(function (c) {
        c.addEventListener('click', function () {
          show(c.dataset.category);
        });
      });
      show('All');
      // FRICTION: the "Sort" button (#sort-menu) has no handler at all. It looks like every other
      // control, so visitors click it, then click it again: a dead click, often a rage click.
    },

    product: function () {
      var p = byId(new URLSearchParams(location.search).get('id'));
      var main = document.getElementById('product');
      if (!p) {
        document.title = 'Not found · Driftwood';
        main.replaceChildren(
          el('div', {}, [
            el('h1', { text: 'We could not find that product' }),
            el('p', {}, [el('a', { href: '/demo/products.html', text: 'See all products' })]),
          ]),
        );
        return;
      }
      document.title = p.name + ' · Driftwood';
      document.getElementById('crumb').textContent = p.name;
      document
        .getElementById('photo')
        .append(el('img', { src: '/demo/img/' + p.img + '.svg', alt: p.name, width: '400', height: '400' }));
      document.getElementById('name').textContent = p.name;
      document.getElementById('price').textContent = money.format(p.price);
      document.getElementById('blurb').textContent = p.blurb;
      document.getElementById('add-to-cart').addEventListener('click', function () {
        addToCart(p.id, 1);
        // A goal of its own: the step between a product page and the cart in the shop's funnel.
        if (window.loupe) window.loupe('track', 'add_to_cart', { product: p.id });
        toast(p.name + ' added to your cart');
      });
      document.getElementById('add-to-wishlist').addEventListener('click', function () {
        addToWishlist(p);
      });
      var related = document.getElementById('related');
      PRODUCTS.filter(function (x) {
        return x.id !== p.id;
      })
        .slice(0, 3)
        .forEach(function (x) {
          related.append(productCard(x));
        });
    },

    cart: function () {
      var list = document.getElementById('cart-lines');
      var summary = document.getElementById('cart-summary');
      var coupon = document.getElementById('coupon');
      function render() {
        var lines = readCart();
        var t = totals(lines);
        if (!lines.length) {
          list.replaceChildren(
            el('li', { class: 'notice' }, [
              'Your cart is empty. ',
              el('a', { href: '/demo/products.html', text: 'Find something you love' }),
            ]),
          );
        } else {
          list.replaceChildren.apply(
            list,
            lines.map(function (l) {
              var p = byId(l.id);
              var step = function (d) {
                return function () {
                  var all = readCart();
                  var line = all.find(function (x) {
                    return x.id === l.id;
                  });
                  line.qty = Math.max(0, line.qty + d);
                  writeCart(
                    all.filter(function (x) {
                      return x.qty > 0;
                    }),
                  );
                  render();
                };
              };
              var minus = el('button', { type: 'button', 'aria-label': 'Decrease quantity', text: '−' });
              var plus = el('button', { type: 'button', 'aria-label': 'Increase quantity', text: '+' });
              minus.addEventListener('click', step(-1));
              plus.addEventListener('click', step(1));
              var remove = el('button', { type: 'button', class: 'link-button', text: 'Remove' });
              remove.addEventListener('click', step(-l.qty));
              return el('li', { class: 'cart-line', 'data-line': l.id }, [
                el('img', { src: '/demo/img/' + p.img + '.svg', alt: '' }),
                el('div', {}, [
                  el('a', { href: '/demo/product.html?id=' + p.id, text: p.name }),
                  el('div', {}, [remove]),
                ]),
                el('div', { class: 'stepper' }, [minus, el('output', { text: String(l.qty) }), plus]),
                el('div', { class: 'price', text: money.format(p.price * l.qty) }),
              ]);
            }),
          );
        }
        var checkout = el('a', {
          class: 'btn block',
          id: 'go-to-checkout',
          href: '/demo/checkout/',
          text: 'Check out',
        });
        if (!lines.length) checkout = el('button', { class: 'btn block', disabled: '', text: 'Check out' });
        summary.replaceChildren(
          el('h2', { text: 'Summary' }),
          summaryList(t),
          checkout,
          el('p', { class: 'muted small', text: 'Free shipping from ' + money.format(SHIPPING_FREE_FROM) + '.' }),
        );
      }
      coupon.addEventListener('submit', function (e) {
        e.preventDefault();
        var out = document.getElementById('coupon-result');
        var code = new FormData(coupon).get('code').trim();
        out.className = 'notice error';
        out.textContent = code ? 'The code “' + code.slice(0, 20) + '” has expired.' : 'Enter a code first.';
      });
      render();
    },

    account: function () {
      var out = document.getElementById('signed-out');
      var inside = document.getElementById('signed-in');
      // Back to where "Sign in" was clicked, if that is a page of this shop (never another site).
      var next;
      try {
        next = new URL(new URLSearchParams(location.search).get('next') || '/demo/', location.href);
      } catch (_e) {
        next = null; // not a URL at all
      }
      if (!next || next.origin !== location.origin || next.pathname.indexOf('/demo/') !== 0)
        next = new URL('/demo/', location.href);
      function render() {
        var account = readAccount();
        renderAccountLink();
        out.hidden = !!account;
        inside.hidden = !account;
        document.getElementById('account-title').textContent = account ? 'Your account' : 'Sign in';
        if (!account) return;
        document.getElementById('account-name').textContent =
          account.name + ' (' + account.traits.plan + ' plan, customer ' + account.id + ')';
        document.getElementById('identify-call').textContent =
          "loupe('identify', '" + account.id + "', " + jsLiteral(account.traits) + ');';
        document.getElementById('continue-shopping').href = next.pathname + next.search;
      }
      document.getElementById('account-list').replaceChildren.apply(
        document.getElementById('account-list'),
        ACCOUNTS.map(function (a) {
          var button = el('button', {
            type: 'button',
            class: 'btn secondary',
            'data-sign-in': a.id,
            text: 'Sign in as ' + a.name,
          });
          button.addEventListener('click', function () {
            signIn(a);
            // Leaving the page sends Loupe's queue with sendBeacon: the identify call is not lost.
            location.assign(next.pathname + next.search);
          });
          return el('li', { class: 'card account-card' }, [
            el('div', {}, [
              el('strong', { text: a.name }),
              el('span', { class: 'kind', text: a.traits.plan }),
              el('div', { class: 'muted small', text: a.about + ' · ' + a.traits.country }),
            ]),
            button,
          ]);
        }),
      );
      document.getElementById('sign-out').addEventListener('click', function () {
        signOut();
        render();
      });
      render();
    },

    'thank-you': function () {
      var order;
      try {
        order = JSON.parse(sessionStorage.getItem(ORDER_KEY) || 'null');
      } catch (_e) {
        order = null;
      }
      if (!order) return;
      document.getElementById('order-id').textContent = order.id;
      document.getElementById('order-total').textContent = money.format(order.total);
      document.getElementById('order-email').textContent = order.email;
    },
  };

  // FRICTION: a real-world bug, left in on purpose. The empty wishlist defaults to `{}` instead of
  // `{ items: [] }`, so clicking "Add to wishlist" always throws a TypeError.
  function addToWishlist(product) {
    var wishlist = JSON.parse(localStorage.getItem('driftwood-wishlist') || '{}');
    wishlist.items.push(product.id);
    localStorage.setItem('driftwood-wishlist', JSON.stringify(wishlist));
    toast(product.name + ' saved to your wishlist');
  }

  // For checkout.js, the one other script of the shop.
  window.driftwood = {
    readCart: readCart,
    writeCart: writeCart,
    totals: totals,
    byId: byId,
    money: money,
    el: el,
    summaryList: summaryList,
    ORDER_KEY: ORDER_KEY,
  };

  // A shop that knows who is signed in says so on every page, like its analytics do: a visit that
  // starts later (a new session, after 30 minutes away) is then identified too.
  var account = readAccount();
  if (account) identify(account);
  renderAccountLink();
  renderBadge();
  var init = pages[document.body.dataset.page];
  if (init) init();
})();
