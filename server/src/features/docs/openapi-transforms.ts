import type { SwaggerTransform, SwaggerTransformObject } from '@fastify/swagger';
import type { FastifySchema } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { keepRefSiblings } from './keep-ref-siblings.js';
import { tidyComponents } from './tidy-components.js';

/** A route's schemas (zod) to OpenAPI, with the descriptions of fields that are components kept. */
export const routeTransform: SwaggerTransform = (route) => {
  const out = jsonSchemaTransform(route as Parameters<typeof jsonSchemaTransform>[0]);
  return { ...out, schema: keepRefSiblings(out.schema) };
};

/**
 * For a route whose documentation should show more than its validation does (`config:
 * { swaggerTransform: documentedAs({ body }) }`): the route validates its own schema, the
 * document shows these instead.
 */
export const documentedAs =
  (schemas: Partial<FastifySchema>): SwaggerTransform =>
  (route) =>
    routeTransform({ ...route, schema: { ...route.schema, ...schemas } });

/** The components: every schema with an `id`, reached from the paths, under one name each. */
export const documentTransform: SwaggerTransformObject = (document) =>
  tidyComponents(
    keepRefSiblings(jsonSchemaTransformObject(document)) as {
      paths?: unknown;
      components?: { schemas?: Record<string, unknown> };
    },
  ) as ReturnType<SwaggerTransformObject>;
