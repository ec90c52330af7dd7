import { z } from 'zod';

// GET /v1/traits: the trait names a site's visitors were identified with and their most common
// values, so a person can choose an audience (`trait.<name>=<value>`) without knowing the names.

/** At most this many names are listed (in alphabetical order). */
export const MAX_TRAIT_NAMES_LISTED = 100;
/** The values of each name are counted over the site's latest this many sessions. */
export const TRAIT_VALUE_SAMPLE_SESSIONS = 10_000;
export const DEFAULT_TRAIT_VALUES = 20;
export const MAX_TRAIT_VALUES = 100;

export const traitsQuerySchema = z.strictObject({
  values: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_TRAIT_VALUES)
    .default(DEFAULT_TRAIT_VALUES)
    .meta({
      description: `At most this many values per name, the most common first (default ${DEFAULT_TRAIT_VALUES})`,
    }),
});
export type TraitsQuery = z.input<typeof traitsQuerySchema>;

const traitValueSchema = z.object({
  value: z.string().meta({ description: 'As stored and filtered: text (`pro`, `42`, `true`)' }),
  sessions: z.number().int().nonnegative().meta({ description: 'Sessions of the sample with this value' }),
});

export const traitNameSchema = z.object({
  name: z
    .string()
    .meta({ description: 'The trait name: filter with trait.<name>=<value>, group with groupBy=trait.<name>' }),
  sessions: z.number().int().nonnegative().meta({ description: 'Sessions of the sample with this trait' }),
  values: z.array(traitValueSchema).meta({
    description:
      'Its most common values in the sample, most sessions first (ties in text order); empty when the name ' +
      'was only seen before the sample',
  }),
});

export const traitsResponseSchema = z
  .object({
    traits: z.array(traitNameSchema).meta({
      description: `Every trait name the site's sessions carry (at most ${MAX_TRAIT_NAMES_LISTED}), in text order`,
    }),
    sampledSessions: z
      .number()
      .int()
      .nonnegative()
      .meta({
        description: `How many of the site's latest sessions (at most ${TRAIT_VALUE_SAMPLE_SESSIONS}) the counts are over`,
      }),
  })
  .meta({
    id: 'TraitsResponse',
    example: {
      traits: [
        {
          name: 'plan',
          sessions: 812,
          values: [
            { value: 'free', sessions: 604 },
            { value: 'pro', sessions: 208 },
          ],
        },
        { name: 'trial', sessions: 97, values: [{ value: 'true', sessions: 97 }] },
      ],
      sampledSessions: 10000,
    },
  });
export type TraitsResponse = z.infer<typeof traitsResponseSchema>;
export type TraitName = z.infer<typeof traitNameSchema>;
