import { PROMPT_SETTINGS_PATH, promptSettingsSchema } from '@loupe/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { problemResponses } from '../../errors/problem-responses.js';
import { authenticatedSite } from '../../plugins/auth.js';
import { BODY_LIMITS } from '../../plugins/body-limits.js';
import { getPromptSettings, putPromptSettings } from './prompts-store.js';

/** Site-wide prompt settings: the global cooldown between any two prompts for one visitor, and the site's look. */
export const promptSettingsRoutes: FastifyPluginAsyncZod = async (app) => {
  const schemaBase = { tags: ['prompts'] };

  app.get(
    PROMPT_SETTINGS_PATH,
    {
      config: { access: 'site' },
      schema: {
        ...schemaBase,
        summary: 'Read prompt settings',
        response: { 200: promptSettingsSchema, ...problemResponses(401, 403) },
      },
    },
    async (request) => getPromptSettings(app.db, authenticatedSite(request).siteId),
  );

  app.put(
    PROMPT_SETTINGS_PATH,
    {
      config: { access: 'site' },
      bodyLimit: BODY_LIMITS.small,
      schema: {
        ...schemaBase,
        summary: 'Replace prompt settings',
        description:
          'globalCooldownDays: after any prompt is shown to a visitor, no prompt is shown to them for this many days (0 disables). ' +
          "appearance: the look of every prompt of the site; a prompt's own appearance overrides it member by member.",
        body: promptSettingsSchema,
        response: { 200: promptSettingsSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => putPromptSettings(app.db, authenticatedSite(request).siteId, request.body),
  );
};
