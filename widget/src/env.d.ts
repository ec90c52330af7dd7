/** Build-time flag: dev builds keep console warnings, production strips them (build.mjs `define`). */
declare const __DEV__: boolean;
/** Path of the hashed prompt UI chunk, relative to the loader's own URL (build.mjs `define`). */
declare const __PROMPT_CHUNK__: string;
/** Path of the hashed `why` chunk (explains prompt eligibility), relative to the loader's own URL (build.mjs `define`). */
declare const __WHY_CHUNK__: string;
/** Path of the hashed prompt rules chunk (eligibility), relative to the loader's own URL (build.mjs `define`). */
declare const __RULES_CHUNK__: string;
/** A stylesheet imported as its minified text (build.mjs, css-as-text). */
declare module '*.css' {
  const css: string;
  export default css;
}
