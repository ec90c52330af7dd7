// How the demo shop embeds Loupe. A customer pastes the snippet with their public key written
// into it, in every page's <head>:
//
//   <script>window.loupe=window.loupe||function(){(loupe.q=loupe.q||[]).push(arguments)};</script>
//   <script async src="https://YOUR-LOUPE-SERVER/widget.js" data-key="pk_…" data-release="2026.12.1"></script>
//
// data-release names the shop's deployed version (a build tag or commit): page views carry it,
// and Loupe reads the error rate per release from it.
//
// The demo's key only exists once `npm start` has created the Demo site, so it cannot be written
// into these static files. This script looks the key up (GET /demo/site.json: public, like the key
// itself) and inserts exactly that second tag, as a tag manager would. The widget then reads its key
// from data-key like on any customer page. The first tag, the queue stub, is inline in each page, so
// `loupe('track', …)` calls made before the widget arrives are kept and replayed.
(function () {
  'use strict';
  /** The shop's current release, as its build would write it into the tag. */
  var RELEASE = '2026.12.1';
  fetch('/demo/site.json', { cache: 'no-store' })
    .then(function (res) {
      if (!res.ok) throw new Error('GET /demo/site.json answered ' + res.status);
      return res.json();
    })
    .then(function (site) {
      var script = document.createElement('script');
      script.async = true;
      script.src = '/widget.js';
      script.setAttribute('data-key', site.publicKey);
      script.setAttribute('data-release', RELEASE);
      document.head.appendChild(script);
    })
    .catch(function (err) {
      console.warn('[demo shop] Loupe is not loaded: ' + err.message);
    });
})();
