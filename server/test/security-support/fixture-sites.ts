import type { SiteWithSecret } from '@loupe/shared';
import type { App } from '../../src/app.js';
import { createSite } from '../../src/features/sites/sites-store.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

/** Site A with one prompt; its ids fill path parameters so routes reach their handlers. */
export async function siteWithPrompt(app: App, name: string): Promise<{ site: SiteWithSecret; promptId: string }> {
  const site = createSite(app.db, { name, origins: ['https://shop.example'] });
  const res = await app.inject({
    method: 'POST',
    url: '/v1/prompts',
    headers: { authorization: `Bearer ${site.secretKey}` },
    payload: { name: `${name} NPS`, kind: 'nps', texts: { en: { question: `How likely, ${name}?` } } },
  });
  if (res.statusCode !== 201) throw new Error(`prompt: ${res.statusCode} ${res.body}`);
  return { site, promptId: res.json<{ id: string }>().id };
}
