// What the prompt chunk's JSX compiles to in the widget's build (build.mjs, classicJsx): Preact's
// own `h`, which the chunk carries anyway, instead of the automatic runtime's `jsx()`, a second
// vnode factory (−139 B gzip). esbuild injects these where the JSX uses them; the type checker and
// the tests keep the automatic runtime (tsconfig.json), which types the JSX the same.
export { Fragment, h } from 'preact';
