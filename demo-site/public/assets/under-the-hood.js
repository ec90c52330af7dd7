// The "How this demo works" page: the embed snippet with this demo's real public key, and the
// site's prompts (read from the same public config the widget reads) with a preview button each.
(function () {
  'use strict';
  var el = window.driftwood.el;
  var origin = location.origin;
  document.querySelectorAll('[data-origin]').forEach(function (s) {
    s.textContent = origin;
  });

  function getJson(url) {
    return fetch(url, { cache: 'no-store' }).then(function (res) {
      if (!res.ok) throw new Error('GET ' + url.split('?')[0] + ' answered ' + res.status);
      return res.json();
    });
  }

  function trigger(t) {
    var parts = [];
    if (t.include.length)
      parts.push(
        'on ' +
          t.include
            .map(function (r) {
              return r.value + (r.match === 'prefix' ? '…' : '');
            })
            .join(' or '),
      );
    if (t.timeOnPageSeconds) parts.push('after ' + t.timeOnPageSeconds + ' s on the page');
    if (t.scrollPercent) parts.push('once ' + t.scrollPercent + ' % of it is scrolled');
    if (t.afterTrack.length) parts.push("after loupe('track', '" + t.afterTrack.join("' or '") + "')");
    if (t.afterFrustration) parts.push('after a rage click, dead click or JavaScript error');
    if (t.exitIntent) parts.push('on exit intent');
    if (t.delaySeconds) parts.push('with a ' + t.delaySeconds + ' s delay');
    return parts.join(', ') || 'on every page';
  }

  function promptCard(p) {
    var texts = p.texts[p.defaultLanguage] || p.texts[Object.keys(p.texts)[0]];
    var preview = el('button', { type: 'button', class: 'btn secondary', 'data-preview': p.id, text: 'Preview' });
    // force: show it now, whatever its targeting and frequency say (answers are recorded as usual).
    preview.addEventListener('click', function () {
      loupe('show', p.id, { force: true });
    });
    return el('div', { class: 'card', 'data-prompt': p.id }, [
      el('div', {}, [
        el('div', {}, [
          el('span', { class: 'kind', text: p.kind + (p.style ? ' · ' + p.style : '') }),
          el('strong', { text: texts.question }),
        ]),
        el('div', { class: 'muted small', text: 'Shown ' + trigger(p.targeting) + '.' }),
      ]),
      preview,
    ]);
  }

  getJson('/demo/site.json')
    .then(function (site) {
      var snippet =
        '<script>window.loupe=window.loupe||function(){(loupe.q=loupe.q||[]).push(arguments)};</script>\n' +
        '<script async src="' +
        origin +
        '/widget.js" data-key="' +
        site.publicKey +
        '"></script>';
      document.getElementById('snippet').textContent = snippet;
      document.getElementById('copy-snippet').addEventListener('click', function () {
        var out = document.getElementById('copy-result');
        navigator.clipboard.writeText(snippet).then(
          function () {
            out.textContent = 'Copied.';
          },
          function () {
            out.textContent = 'Copy failed: select the text above instead.';
          },
        );
      });
      return getJson('/v1/config?key=' + encodeURIComponent(site.publicKey));
    })
    .then(function (config) {
      var list = document.getElementById('prompt-list');
      if (!config.prompts.length) {
        list.replaceChildren(
          el('p', { class: 'muted', text: 'This site has no active prompts (they may be paused).' }),
        );
        return;
      }
      list.replaceChildren.apply(list, config.prompts.map(promptCard));
    })
    .catch(function (err) {
      document.getElementById('snippet').textContent =
        'Could not load the demo site: ' +
        err.message +
        '. It is created on the first `npm start` with an empty database.';
      document.getElementById('prompt-list').replaceChildren(el('p', { class: 'notice error', text: err.message }));
    });
})();
