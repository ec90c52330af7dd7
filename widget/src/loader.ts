// Entry of widget.js (IIFE): `<script async src="https://HOST/widget.js" data-key="pk_…">`.
import { boot } from './boot.js';

boot(document.currentScript as HTMLScriptElement | null);
