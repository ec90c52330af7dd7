// The checkout: a two-step single-page app on history.pushState (/demo/checkout/ then
// /demo/checkout/payment), so Loupe's SPA page views are exercised. It is also a task Loupe
// measures: `loupe('task', 'checkout', 'start')` when it opens with something in the cart,
// 'fail' when the card is declined (card number 4000 0000 0000 0002), 'success' on the order.
// Leaving without either is counted as abandoned by Loupe once the visit is over. Completing it
// records the conversion with `loupe('track', 'purchase', …)`, then opens the thank-you page.
(function () {
  'use strict';
  var shop = window.driftwood;
  var el = shop.el;
  var BASE = '/demo/checkout/';
  var SHIPPING_KEY = 'driftwood-shipping';
  /** The test card that is always declined, as payment providers have one. */
  var DECLINED_CARD = '4000000000000002';
  var TASK = 'checkout';
  var stepBox = document.getElementById('checkout-step');
  var summaryBox = document.getElementById('checkout-summary');

  function shipping() {
    try {
      return JSON.parse(sessionStorage.getItem(SHIPPING_KEY) || 'null');
    } catch (_e) {
      return null;
    }
  }

  function field(label, name, attrs) {
    var id = 'f-' + name;
    var input = el('input', Object.assign({ id: id, name: name, required: '' }, attrs || {}));
    return el('div', { class: 'field' }, [el('label', { for: id, text: label }), input]);
  }

  function go(path, replace) {
    history[replace ? 'replaceState' : 'pushState'](null, '', path);
    render();
  }

  function renderSummary() {
    var lines = shop.readCart();
    var t = shop.totals(lines);
    summaryBox.replaceChildren(
      el('h2', { text: 'Your order' }),
      el(
        'ul',
        { class: 'small order-lines' },
        lines.map(function (l) {
          return el('li', { text: l.qty + ' × ' + shop.byId(l.id).name });
        }),
      ),
      shop.summaryList(t),
    );
    return t;
  }

  function shippingStep() {
    var saved = shipping() || {};
    var form = el('form', { id: 'shipping-form', novalidate: '' }, [
      el('h2', { text: 'Where should we send it?' }),
      field('Email', 'email', { type: 'email', autocomplete: 'email' }),
      field('Full name', 'name', { autocomplete: 'name' }),
      field('Address', 'address', { autocomplete: 'street-address' }),
      el('div', { class: 'row' }, [
        field('Postcode', 'postcode', { autocomplete: 'postal-code' }),
        field('City', 'city', { autocomplete: 'address-level2' }),
      ]),
      el('p', { id: 'shipping-error', class: 'notice error', role: 'alert', hidden: '' }),
      el('button', { class: 'btn block', type: 'submit', id: 'to-payment', text: 'Continue to payment' }),
    ]);
    Array.prototype.forEach.call(form.elements, function (input) {
      if (input.name && saved[input.name]) input.value = saved[input.name];
    });
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var missing = Array.prototype.filter.call(form.elements, function (i) {
        return i.required && !i.checkValidity();
      });
      var error = document.getElementById('shipping-error');
      if (missing.length) {
        error.hidden = false;
        error.textContent =
          'Please check: ' +
          missing
            .map(function (i) {
              return i.labels[0].textContent;
            })
            .join(', ') +
          '.';
        missing[0].focus();
        return;
      }
      var data = {};
      new FormData(form).forEach(function (v, k) {
        data[k] = String(v).trim();
      });
      sessionStorage.setItem(SHIPPING_KEY, JSON.stringify(data));
      go(BASE + 'payment');
    });
    return form;
  }

  function paymentStep(total) {
    var form = el('form', { id: 'payment-form' }, [
      el('h2', { text: 'Payment' }),
      el('p', {
        class: 'notice',
        text: 'Demo shop: any card number works and nothing is charged. Loupe never records what is typed in fields.',
      }),
      field('Card number', 'cardnumber', {
        autocomplete: 'cc-number',
        inputmode: 'numeric',
        placeholder: '4242 4242 4242 4242',
      }),
      el('div', { class: 'row' }, [
        field('Expiry', 'exp', { autocomplete: 'cc-exp', placeholder: 'MM / YY' }),
        field('CVC', 'cvc', { autocomplete: 'cc-csc', inputmode: 'numeric' }),
      ]),
      el('p', { id: 'payment-error', class: 'notice error', role: 'alert', hidden: '' }),
      el('button', {
        class: 'btn block',
        type: 'submit',
        id: 'place-order',
        text: 'Place order · ' + shop.money.format(total),
      }),
      el('p', {}, [el('a', { href: BASE, id: 'back-to-shipping', text: '‹ Back to shipping' })]),
    ]);
    form.querySelector('#back-to-shipping').addEventListener('click', function (e) {
      e.preventDefault();
      go(BASE);
    });
    var declined = false;
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var button = document.getElementById('place-order');
      var error = document.getElementById('payment-error');
      // A new attempt after a declined card is a new run of the task.
      if (declined) loupe('task', TASK, 'start');
      if (form.elements.cardnumber.value.replace(/\D/g, '') === DECLINED_CARD) {
        declined = true;
        error.hidden = false;
        error.textContent = 'Your card was declined. Try another card.';
        loupe('task', TASK, 'fail');
        return;
      }
      error.hidden = true;
      button.disabled = true;
      button.textContent = 'Placing your order…';
      var lines = shop.readCart();
      var t = shop.totals(lines);
      var order = {
        id: 'DW-' + String(Math.floor(10000 + Math.random() * 90000)),
        total: t.total,
        email: shipping().email,
      };
      // The task's success, and the conversion. Props are for the site owner's reports; never put
      // personal data in them.
      loupe('task', TASK, 'success');
      loupe('track', 'purchase', { order: order.id, value: t.total, currency: 'EUR', items: t.items });
      sessionStorage.setItem(shop.ORDER_KEY, JSON.stringify(order));
      sessionStorage.removeItem(SHIPPING_KEY);
      shop.writeCart([]);
      // Leaving the page flushes Loupe's queue with sendBeacon, so the event is not lost.
      setTimeout(function () {
        location.assign('/demo/thank-you.html?order=' + order.id);
      }, 400);
    });
    return form;
  }

  function render() {
    var t = renderSummary();
    var step = /\/payment\/?$/.test(location.pathname) ? 'payment' : 'shipping';
    if (!t.items) {
      stepBox.replaceChildren(
        el('p', { class: 'notice' }, [
          'Your cart is empty. ',
          el('a', { href: '/demo/products.html', text: 'Back to the shop' }),
        ]),
      );
      return;
    }
    if (step === 'payment' && !shipping()) return go(BASE, true); // deep link without an address
    // Every render may say so: while a run is open in this visit, Loupe ignores another start.
    loupe('task', TASK, 'start');
    document.querySelectorAll('.steps [data-step]').forEach(function (li) {
      if (li.dataset.step === step) li.setAttribute('aria-current', 'step');
      else li.removeAttribute('aria-current');
    });
    document.title = (step === 'payment' ? 'Payment' : 'Shipping') + ' · Checkout · Driftwood';
    stepBox.replaceChildren(step === 'payment' ? paymentStep(t.total) : shippingStep());
    var first = stepBox.querySelector('input');
    if (first && step === 'payment') first.focus();
  }

  window.addEventListener('popstate', render);
  render();
})();
