import { PROMPTS_PATH } from '@loupe/shared/constants';
import type { ResponseItem, SiteWithSecret } from '@loupe/shared';
import { startTestServer, type TestServer } from '../../testing/test-server.js';
import { loupeNpsPrompt, type SurveyTarget } from './nps-survey.js';

// Loupe as a customer runs it: the built server (widget/dist and its precompressed files, the
// real /v1/config and /v1/collect) on its own loopback origin, one site per survey target, each
// with the NPS prompt, the shop's origin allowed.

export interface LoupeUnderTest {
  origin: string;
  /** The README snippet for the site of `target`. */
  snippet(target: SurveyTarget): string;
  /** NPS answers stored for the survey site (read through the API, as the site owner would). */
  npsResponses(): Promise<ResponseItem[]>;
  close(): Promise<void>;
}

async function createPrompt(server: TestServer, site: SiteWithSecret, target: SurveyTarget) {
  const res = await fetch(`${server.url}${PROMPTS_PATH}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${site.secretKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(loupeNpsPrompt(target)),
  });
  if (res.status !== 201) throw new Error(`creating the NPS prompt failed: ${res.status} ${await res.text()}`);
}

export async function startLoupeUnderTest(shopOrigin: string): Promise<LoupeUnderTest> {
  const server = await startTestServer();
  const sites = {} as Record<SurveyTarget, SiteWithSecret>;
  for (const target of ['page', 'survey'] as const) {
    sites[target] = await server.createSite({ name: `Bench ${target}`, origins: [shopOrigin] });
    await createPrompt(server, sites[target], target);
  }
  return {
    origin: server.url,
    snippet: (target) => `<script async src="${server.url}/widget.js" data-key="${sites[target].publicKey}"></script>`,
    async npsResponses() {
      const res = await fetch(`${server.url}/v1/responses?kind=nps`, {
        headers: { authorization: `Bearer ${sites.survey.secretKey}` },
      });
      if (!res.ok) throw new Error(`GET /v1/responses answered ${res.status}`);
      return ((await res.json()) as { responses: ResponseItem[] }).responses;
    },
    close: () => server.dispose(),
  };
}
