import {
  MAX_ARCHIVED_PROMPTS_PER_SITE,
  MAX_PROMPT_NAME_LENGTH,
  MAX_PROMPTS_PER_SITE,
  promptDefinitionSchema,
  promptIdSchema,
  promptListQuerySchema,
  promptListSchema,
  promptPatchSchema,
  promptSchema,
  type Prompt,
  type PromptDefinition,
} from '@loupe/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../../errors/catalogue.js';
import { problemResponses } from '../../errors/problem-responses.js';
import { authenticatedSite } from '../../plugins/auth.js';
import { BODY_LIMITS } from '../../plugins/body-limits.js';
import { mergePromptPatch } from './merge-prompt-patch.js';
import { archivePrompt, countPrompts, createPrompt, findPrompt, listPrompts, replacePrompt } from './prompts-store.js';

const params = z.object({ promptId: promptIdSchema });
const errs = problemResponses(400, 401, 403);
const notFound = problemResponses(404);

function found<T>(value: T | undefined): T {
  if (value === undefined) throw errors.notFound('prompt');
  return value;
}

/** A stored prompt as a definition an owner could send (archived prompts are refused before). */
function definitionOf(p: Prompt): PromptDefinition {
  const { id: _id, createdAt: _c, updatedAt: _u, status, ...rest } = p;
  return { ...rest, status: status === 'archived' ? 'paused' : status };
}

/** Archived prompts are kept for their answers' sake, as they were: they can be duplicated, not changed. */
function editable(p: Prompt): Prompt {
  if (p.status === 'archived')
    throw errors.conflict('This prompt is archived (deleted): it cannot change. Duplicate it to use it again.');
  return p;
}

/** A site's live prompts and its archive are each bounded, so neither grows without end. */
function assertRoom(db: Parameters<typeof countPrompts>[0], siteId: string): void {
  if (countPrompts(db, siteId) >= MAX_PROMPTS_PER_SITE) {
    throw errors.conflict(`A site can have at most ${MAX_PROMPTS_PER_SITE} prompts; delete unused ones first.`);
  }
  if (countPrompts(db, siteId, true) >= MAX_ARCHIVED_PROMPTS_PER_SITE) {
    throw errors.conflict(
      `This site has ${MAX_ARCHIVED_PROMPTS_PER_SITE} archived prompts, the most it keeps; no more can be created.`,
    );
  }
}

/** Changing the scale would mix incomparable scores in one prompt's results. */
function assertSameKind(current: Prompt, next: PromptDefinition): void {
  if (current.kind !== next.kind) {
    throw errors.conflict(
      `This prompt is ${current.kind}; its kind cannot change because its answers use that scale. ` +
        'Create a new prompt instead.',
    );
  }
}

/**
 * A site's prompts, with its secret key or an owner's session (viewers and shared views read).
 * Every query is scoped by the authenticated site, so another site's prompt id answers 404 exactly
 * like an unknown one. Deleting archives: the answers keep their prompt.
 */
export const promptsRoutes: FastifyPluginAsyncZod = async (app) => {
  const common = { config: { access: 'site' } } as const;
  const schemaBase = { tags: ['prompts'] };

  app.get(
    '/v1/prompts',
    {
      config: { access: 'site', share: true },
      schema: {
        ...schemaBase,
        summary: 'List prompts (active and paused, in priority order; archived ones on request)',
        querystring: promptListQuerySchema,
        response: { 200: promptListSchema, ...errs },
      },
    },
    async (request) => ({ prompts: listPrompts(app.db, authenticatedSite(request).siteId, request.query.archived) }),
  );

  app.post(
    '/v1/prompts',
    {
      ...common,
      bodyLimit: BODY_LIMITS.prompt,
      schema: {
        ...schemaBase,
        summary: 'Create a prompt',
        description: 'Omitted targeting and frequency members take their defaults. New prompts come last in priority.',
        body: promptDefinitionSchema,
        response: { 201: promptSchema, ...errs, ...problemResponses(409) },
      },
    },
    async (request, reply) => {
      const { siteId } = authenticatedSite(request);
      assertRoom(app.db, siteId);
      const prompt = createPrompt(app.db, siteId, request.body);
      return reply.code(201).header('location', `/v1/prompts/${prompt.id}`).send(prompt);
    },
  );

  app.get(
    '/v1/prompts/:promptId',
    {
      ...common,
      schema: {
        ...schemaBase,
        summary: 'Read a prompt',
        params,
        response: { 200: promptSchema, ...errs, ...notFound },
      },
    },
    async (request) => {
      return found(findPrompt(app.db, authenticatedSite(request).siteId, request.params.promptId));
    },
  );

  app.put(
    '/v1/prompts/:promptId',
    {
      ...common,
      bodyLimit: BODY_LIMITS.prompt,
      schema: {
        ...schemaBase,
        summary: 'Replace a prompt',
        description: 'A full replacement: omitted members take their defaults. The kind cannot change.',
        params,
        body: promptDefinitionSchema,
        response: { 200: promptSchema, ...errs, ...notFound, ...problemResponses(409) },
      },
    },
    async (request) => {
      const { siteId } = authenticatedSite(request);
      const current = editable(found(findPrompt(app.db, siteId, request.params.promptId)));
      assertSameKind(current, request.body);
      return found(replacePrompt(app.db, siteId, current.id, request.body));
    },
  );

  app.patch(
    '/v1/prompts/:promptId',
    {
      ...common,
      bodyLimit: BODY_LIMITS.prompt,
      schema: {
        ...schemaBase,
        summary: 'Change some members of a prompt',
        description:
          'Top-level members replace the stored ones; targeting and frequency members are merged one by one; ' +
          'texts is replaced as a whole; null removes style or frequency.everyDays. The result is validated as a whole.',
        params,
        body: promptPatchSchema,
        response: { 200: promptSchema, ...errs, ...notFound, ...problemResponses(409) },
      },
    },
    async (request) => {
      const { siteId } = authenticatedSite(request);
      const current = editable(found(findPrompt(app.db, siteId, request.params.promptId)));
      const parsed = promptDefinitionSchema.safeParse(mergePromptPatch(definitionOf(current), request.body));
      if (!parsed.success) {
        const fields = parsed.error.issues.map((i) => ({ path: ['body', ...i.path].join('.'), message: i.message }));
        throw errors.validation(
          `The patched prompt is invalid: ${fields.map((f) => `${f.path}: ${f.message}`).join('; ')}`,
          fields,
        );
      }
      assertSameKind(current, parsed.data);
      return found(replacePrompt(app.db, siteId, current.id, parsed.data));
    },
  );

  app.delete(
    '/v1/prompts/:promptId',
    {
      ...common,
      bodyLimit: BODY_LIMITS.small,
      schema: {
        ...schemaBase,
        summary: 'Delete (archive) a prompt',
        description:
          'Visitors stop seeing it within the config cache lifetime (60 s). The prompt is archived, not erased: its answers ' +
          'keep their prompt in every result, `GET /v1/prompts?archived=include` lists it, and it can be duplicated but not ' +
          'changed. Idempotent.',
        params,
        response: { 204: z.null().describe('Archived'), ...errs, ...notFound },
      },
    },
    async (request, reply) => {
      if (!archivePrompt(app.db, authenticatedSite(request).siteId, request.params.promptId)) {
        throw errors.notFound('prompt');
      }
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/v1/prompts/:promptId/duplicate',
    {
      ...common,
      bodyLimit: BODY_LIMITS.small,
      schema: {
        ...schemaBase,
        summary: 'Duplicate a prompt',
        description: 'A paused copy named "… (copy)", last in priority; archived prompts can be duplicated too.',
        params,
        response: { 201: promptSchema, ...errs, ...notFound, ...problemResponses(409) },
      },
    },
    async (request, reply) => {
      const { siteId } = authenticatedSite(request);
      const source = found(findPrompt(app.db, siteId, request.params.promptId));
      assertRoom(app.db, siteId);
      const suffix = ' (copy)';
      const name = `${source.name.slice(0, MAX_PROMPT_NAME_LENGTH - suffix.length)}${suffix}`;
      const prompt = createPrompt(app.db, siteId, { ...definitionOf(source), name, status: 'paused' });
      return reply.code(201).header('location', `/v1/prompts/${prompt.id}`).send(prompt);
    },
  );

  for (const [action, status] of [
    ['pause', 'paused'],
    ['resume', 'active'],
  ] as const) {
    app.post(
      `/v1/prompts/:promptId/${action}`,
      {
        ...common,
        bodyLimit: BODY_LIMITS.small,
        schema: {
          ...schemaBase,
          summary: action === 'pause' ? 'Pause a prompt (visitors stop seeing it)' : 'Resume a paused prompt',
          description: 'Idempotent. Visitors see the change within the config cache lifetime (60 s).',
          params,
          response: { 200: promptSchema, ...errs, ...notFound },
        },
      },
      async (request) => {
        const { siteId } = authenticatedSite(request);
        const current = editable(found(findPrompt(app.db, siteId, request.params.promptId)));
        if (current.status === status) return current;
        return found(replacePrompt(app.db, siteId, current.id, { ...definitionOf(current), status }));
      },
    );
  }
};
