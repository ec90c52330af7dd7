// Signs a link survey token (docs/link-surveys.md). Node 18+, no dependencies:
//   LOUPE_LINK_SECRET=lsec_… LOUPE_SITE_ID=… LOUPE_PROMPT_ID=pr_… node sign-link-token.mjs
import { createHmac } from 'node:crypto';

const { LOUPE_LINK_SECRET: secret, LOUPE_SITE_ID: site, LOUPE_PROMPT_ID: prompt } = process.env;
// biome-ignore format: the docs show this example whole; one line per part reads best
const payload = { site, prompt, customer: 'cus_1042', touchpoint: 'support', channel: 'email',
  traits: { plan: 'pro', ticket: 'T-8812' }, exp: Math.floor(Date.now() / 1000) + 30 * 86400 };
const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
const token = `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
console.log(`https://loupe.example.com/s/${prompt}?score=9&t=${token}`);
