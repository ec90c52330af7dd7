import type {
  PageGroup,
  PageGroupInput,
  AuditPage,
  CreateShareBody,
  ErasureResult,
  CreateSiteBody,
  CreateUserBody,
  LinkSecret,
  Prompt,
  PromptList,
  Share,
  ShareList,
  ShareWithKey,
  Site,
  SiteWithSecret,
  UpdateSiteBody,
  UserList,
  UserListing,
  Webhook,
  WebhookCreate,
  WebhookDeliveriesPage,
  WebhookDelivery,
  WebhookPatch,
  WebhookWithSecret,
} from '@loupe/shared';
import { api, withQuery } from './api-client.js';
import { SITES_CHANGED } from './sites-changed.js';
import { forgetCachedAnswers } from './use-api.js';

// The management API as the studio views call it: sites, people, shared links and prompts.
// Every change forgets cached reads, since names, statuses and counts shown elsewhere move.

async function change<T>(path: string, method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', body?: unknown): Promise<T> {
  const result = await api<T>(path, { method, ...(body === undefined ? {} : { body }) });
  forgetCachedAnswers();
  return result;
}

const sitesChanged = <T>(v: T): T => {
  window.dispatchEvent(new CustomEvent(SITES_CHANGED));
  return v;
};

export const siteUrl = (siteId: string) => `/v1/sites/${encodeURIComponent(siteId)}`;

export const createSite = (body: CreateSiteBody) =>
  change<SiteWithSecret>('/v1/sites', 'POST', body).then(sitesChanged);
export const updateSite = (siteId: string, body: UpdateSiteBody) =>
  change<Site>(siteUrl(siteId), 'PATCH', body).then(sitesChanged);
export const deleteSite = (siteId: string, confirmName: string) =>
  change<{ rowsDeleted: number }>(siteUrl(siteId), 'DELETE', { confirmName }).then(sitesChanged);
export const rotateSecret = (siteId: string) => change<SiteWithSecret>(`${siteUrl(siteId)}/rotate-secret`, 'POST');

/** A visitor's erasure (an owner, with the site in the query, like every site route from the dashboard). */
export const eraseVisitor = (siteId: string, visitorId: string) =>
  change<ErasureResult>(withQuery(`/v1/visitors/${encodeURIComponent(visitorId)}`, { site: siteId }), 'DELETE');
/** The audit log of one site, newest first, a page at a time. */
export const auditUrl = (siteId: string, cursor?: string) =>
  withQuery('/v1/audit', { siteId, limit: '20', ...(cursor ? { cursor } : {}) });
export const readAudit = (siteId: string, cursor?: string) => api<AuditPage>(auditUrl(siteId, cursor));

export const sharesUrl = (siteId: string) => `${siteUrl(siteId)}/shares`;
export const listShares = (siteId: string) => api<ShareList>(sharesUrl(siteId));
export const createShare = (siteId: string, body: CreateShareBody) =>
  change<ShareWithKey>(sharesUrl(siteId), 'POST', body);
export const revokeShare = (siteId: string, shareId: string) =>
  change<void>(`${sharesUrl(siteId)}/${encodeURIComponent(shareId)}`, 'DELETE');
export type { Share };

export const USERS_URL = '/v1/users';
export const createUser = (body: CreateUserBody) => change<UserListing>(USERS_URL, 'POST', body);
export const removeUser = (userId: string) => change<void>(`${USERS_URL}/${encodeURIComponent(userId)}`, 'DELETE');
export const resetPassword = (userId: string, password: string) =>
  change<void>(`${USERS_URL}/${encodeURIComponent(userId)}/password`, 'PUT', { password });
export const setGrant = (userId: string, siteId: string, granted: boolean) =>
  change<UserListing>(
    `${USERS_URL}/${encodeURIComponent(userId)}/sites/${encodeURIComponent(siteId)}`,
    granted ? 'PUT' : 'DELETE',
  );
export type { UserList, UserListing };

export const promptsUrl = (siteId: string, archived?: 'include' | 'only') =>
  withQuery('/v1/prompts', { site: siteId, archived });
export const promptUrl = (siteId: string, promptId: string) =>
  withQuery(`/v1/prompts/${encodeURIComponent(promptId)}`, { site: siteId });
const promptAction = (siteId: string, promptId: string, action: string) =>
  withQuery(`/v1/prompts/${encodeURIComponent(promptId)}/${action}`, { site: siteId });
export const listPrompts = (siteId: string) => api<PromptList>(promptsUrl(siteId));
export const savePrompt = (siteId: string, promptId: string | undefined, body: unknown) =>
  promptId
    ? change<Prompt>(promptUrl(siteId, promptId), 'PUT', body)
    : change<Prompt>(promptsUrl(siteId), 'POST', body);
export const setPromptStatus = (siteId: string, promptId: string, action: 'pause' | 'resume') =>
  change<Prompt>(promptAction(siteId, promptId, action), 'POST');
export const duplicatePrompt = (siteId: string, promptId: string) =>
  change<Prompt>(promptAction(siteId, promptId, 'duplicate'), 'POST');
export const promptLinksUrl = (siteId: string, promptId: string) =>
  withQuery(`/v1/prompts/${encodeURIComponent(promptId)}/links`, { site: siteId });
export const linkSecretUrl = (siteId: string) => withQuery('/v1/link-secret', { site: siteId });
export const rotateLinkSecret = (siteId: string) =>
  change<LinkSecret>(withQuery('/v1/link-secret/rotate', { site: siteId }), 'POST');
export const archivePrompt = (siteId: string, promptId: string) => change<void>(promptUrl(siteId, promptId), 'DELETE');

// A site's webhook endpoints (an owner's session with ?site=): add, change, rotate, test, the delivery log.
export const pageGroupsUrl = (siteId: string) => withQuery('/v1/page-groups', { site: siteId });
export const createPageGroup = (siteId: string, body: PageGroupInput) =>
  change<PageGroup>(pageGroupsUrl(siteId), 'POST', body);
export const deletePageGroup = (siteId: string, groupId: string) =>
  change<void>(withQuery(`/v1/page-groups/${encodeURIComponent(groupId)}`, { site: siteId }), 'DELETE');

export const webhooksUrl = (siteId: string) => withQuery('/v1/webhooks', { site: siteId });
const webhookPath = (siteId: string, webhookId: string, rest = '') =>
  withQuery(`/v1/webhooks/${encodeURIComponent(webhookId)}${rest}`, { site: siteId });
export const deliveriesUrl = (siteId: string, webhookId: string, limit = 20) =>
  withQuery(`/v1/webhooks/${encodeURIComponent(webhookId)}/deliveries`, { site: siteId, limit });
export const createWebhook = (siteId: string, body: WebhookCreate) =>
  change<WebhookWithSecret>(webhooksUrl(siteId), 'POST', body);
export const patchWebhook = (siteId: string, webhookId: string, body: WebhookPatch) =>
  change<Webhook>(webhookPath(siteId, webhookId), 'PATCH', body);
export const deleteWebhook = (siteId: string, webhookId: string) =>
  change<void>(webhookPath(siteId, webhookId), 'DELETE');
export const rotateWebhook = (siteId: string, webhookId: string) =>
  change<WebhookWithSecret>(webhookPath(siteId, webhookId, '/rotate'), 'POST');
export const testWebhook = (siteId: string, webhookId: string) =>
  change<WebhookDelivery>(webhookPath(siteId, webhookId, '/test'), 'POST');
export const replayDelivery = (siteId: string, webhookId: string, deliveryId: string) =>
  change<WebhookDelivery>(
    webhookPath(siteId, webhookId, `/deliveries/${encodeURIComponent(deliveryId)}/replay`),
    'POST',
  );
export type { Webhook, WebhookDeliveriesPage, WebhookDelivery };
