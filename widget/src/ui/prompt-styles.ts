// The prompt's whole stylesheet, applied inside its shadow root only. `:host` declarations are
// `!important` because inside a shadow tree those beat even `!important` rules of the host page
// (CSS Cascade 4 §6.4.4), so `* { all: unset !important }` or `div { display: none !important }`
// on the page cannot hide or restyle the prompt; `all: initial` stops inherited page styles
// (font, colour, line-height, letter-spacing…) at the boundary. Custom properties still inherit,
// which is what makes the --loupe-* theme variables work.
export const promptStyles = `
:host{all:initial!important;display:block!important;position:fixed!important;visibility:visible!important;opacity:1!important;transform:none!important;pointer-events:auto!important;--w:380px;z-index:var(--loupe-z-index,2147483647)!important;top:var(--loupe-top,auto)!important;right:var(--loupe-right,16px)!important;bottom:var(--loupe-bottom,16px)!important;left:var(--loupe-left,auto)!important;width:min(var(--loupe-width,var(--w)),calc(100vw - 32px))!important}
:host([data-kind=nps]){--w:560px}
*{box-sizing:border-box}
.c{--a:var(--loupe-accent,#4f46e5);--t:var(--loupe-accent-text,#fff);--b:var(--loupe-bg,#fff);--f:var(--loupe-fg,#111827);--m:var(--loupe-muted,#6b7280);--l:var(--loupe-border,#d1d5db);position:relative;padding:16px;border:1px solid var(--l);border-radius:var(--loupe-radius,12px);background:var(--b);color:var(--f);font:15px/1.4 var(--loupe-font,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif);text-align:start;box-shadow:0 10px 30px rgba(0,0,0,.2);animation:i .2s ease-out}
@media(prefers-color-scheme:dark){.c{--b:var(--loupe-bg-dark,#1f2937);--f:var(--loupe-fg-dark,#f9fafb);--m:var(--loupe-muted-dark,#9ca3af);--l:var(--loupe-border-dark,#4b5563)}}
@keyframes i{from{opacity:0;transform:translateY(8px)}}
.q{display:block;margin:0 0 12px;padding-inline-end:40px;font-weight:600}
button{min-width:44px;min-height:44px;margin:0;padding:0;border:1px solid var(--l);border-radius:8px;background:none;color:inherit;font:inherit;cursor:pointer}
button:hover{border-color:var(--a)}
:focus-visible{outline:2px solid var(--a);outline-offset:2px}
.x{position:absolute;top:4px;inset-inline-end:4px;border:0;color:var(--m);font-size:24px;line-height:1}
.s{display:grid;grid-auto-flow:column;grid-auto-columns:minmax(44px,1fr);gap:4px}
[aria-checked=true]{border-color:var(--a);background:var(--a);color:var(--t)}
.st button,.fa button{border:0;font-size:28px;line-height:1}
.st button{color:var(--l)}
.st .on{background:none;color:#f59e0b}
.fa .on{background:none;border:2px solid var(--a)}
.e{display:flex;justify-content:space-between;gap:8px;margin-top:6px;color:var(--m);font-size:12px}
textarea{display:block;width:100%;min-height:88px;margin:0 0 12px;padding:8px;border:1px solid var(--l);border-radius:8px;background:none;color:inherit;font:inherit;resize:vertical}
.b{padding:0 20px;border-color:var(--a);background:var(--a);color:var(--t)}
@media(max-width:600px){:host{top:auto!important;right:8px!important;bottom:calc(8px + env(safe-area-inset-bottom))!important;left:8px!important;width:auto!important}.n{grid-auto-flow:row;grid-template-columns:repeat(6,minmax(44px,1fr))}}
@media(prefers-reduced-motion:reduce){.c{animation:none}}
`;
