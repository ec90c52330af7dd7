import {
  type AudienceFilters,
  parseTraitParams,
  returningOf,
  TRAIT_PARAM_PREFIX,
  type TraitFilter,
} from '@loupe/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { errors } from '../errors/catalogue.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route takes `trait.<name>=<value>` segment filters. Their names are the site's own, so no
     * query schema can list them: this plugin reads them off the query before validation (400 for a
     * malformed one, naming it) and removes them, so the route's strict schema sees the rest. A
     * route without this flag refuses them like any unknown parameter.
     */
    traits?: boolean;
  }
  interface FastifyRequest {
    /** The request's `trait.<name>` filters, in query order; empty on routes without `traits`. */
    traitFilters: TraitFilter[];
  }
}

export const traitParamsPlugin = fp(
  async (app: FastifyInstance) => {
    app.decorateRequest('traitFilters', null as unknown as TraitFilter[]);
    app.addHook('onRequest', async (request) => {
      request.traitFilters = [];
    });
    app.addHook('preValidation', async (request) => {
      if (request.routeOptions.config.traits !== true) return;
      const query = request.query as Record<string, unknown> | undefined;
      if (!query) return;
      const parsed = parseTraitParams(query);
      if (!Array.isArray(parsed)) {
        const path = `querystring.${parsed.param}`;
        throw errors.validation(`${path}: ${parsed.message}`, [{ path, message: parsed.message }]);
      }
      if (parsed.length === 0) return;
      const rest: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(query)) if (!parseTraitKey(k)) rest[k] = v;
      request.query = rest;
      request.traitFilters = parsed;
    });
  },
  { name: 'trait-params' },
);

const parseTraitKey = (param: string) => param.startsWith(TRAIT_PARAM_PREFIX);

/** The audience filters of a request on a `traits` route: its trait filters and `returning`. */
export function audienceOf(request: FastifyRequest, q: { returning?: 'true' | 'false' | undefined }): AudienceFilters {
  return { traits: request.traitFilters, returning: returningOf(q) };
}
