/**
 * Init script for the "good guest" tests: counts timers and observers the page has pending, and
 * takes snapshots of every property Loupe could conceivably patch, so a test can compare the page
 * before Loupe arrives with the page after `destroy()`. It runs before any page script.
 */
export const PAGE_AUDIT = `(() => {
  const pending = { timeout: new Set(), interval: new Set(), frame: new Set(), idle: new Set() };
  const wrapTimer = (set, create, clear, oneShot) => {
    const c = window[create], x = window[clear];
    window[create] = function (fn, ...rest) {
      let id;
      const run = typeof fn === 'function' && oneShot ? function (...a) { pending[set].delete(id); return fn.apply(this, a); } : fn;
      id = c.call(window, run, ...rest);
      pending[set].add(id);
      return id;
    };
    window[clear] = function (id) { pending[set].delete(id); return x.call(window, id); };
  };
  wrapTimer('timeout', 'setTimeout', 'clearTimeout', true);
  wrapTimer('interval', 'setInterval', 'clearInterval', false);
  wrapTimer('frame', 'requestAnimationFrame', 'cancelAnimationFrame', true);
  if (window.requestIdleCallback) wrapTimer('idle', 'requestIdleCallback', 'cancelIdleCallback', true);
  const observing = new Set();
  for (const O of [MutationObserver, PerformanceObserver, ResizeObserver, IntersectionObserver]) {
    const observe = O.prototype.observe, disconnect = O.prototype.disconnect;
    O.prototype.observe = function (...a) { observing.add(this); return observe.apply(this, a); };
    O.prototype.disconnect = function () { observing.delete(this); return disconnect.call(this); };
  }
  const watched = () => ({
    window, document, history, navigator, location: window.location, console,
    'EventTarget.prototype': EventTarget.prototype, 'Node.prototype': Node.prototype,
    'Element.prototype': Element.prototype, 'HTMLElement.prototype': HTMLElement.prototype,
    'Document.prototype': Document.prototype, 'History.prototype': History.prototype,
    'XMLHttpRequest.prototype': XMLHttpRequest.prototype, 'Promise.prototype': Promise.prototype,
    'Function.prototype': Function.prototype, 'Array.prototype': Array.prototype, 'Object.prototype': Object.prototype,
  });
  const values = new Map();
  let nextId = 0;
  const idOf = (v) => {
    if ((typeof v !== 'object' && typeof v !== 'function') || v === null) return typeof v === 'string' ? v.slice(0, 40) : String(v);
    if (!values.has(v)) values.set(v, 'ref' + nextId++);
    return values.get(v);
  };
  window.__audit = () => {
    const props = {};
    for (const [name, obj] of Object.entries(watched())) {
      for (const key of Reflect.ownKeys(obj)) {
        if (typeof key !== 'string' || key.startsWith('__audit')) continue;
        const d = Object.getOwnPropertyDescriptor(obj, key);
        props[name + '.' + key] = d ? [idOf(d.value), idOf(d.get), idOf(d.set)].join('|') : 'gone';
      }
    }
    return {
      props,
      timers: Object.fromEntries(Object.entries(pending).map(([k, s]) => [k, s.size])),
      observers: observing.size,
      html: document.documentElement.outerHTML,
    };
  };
})();`;
