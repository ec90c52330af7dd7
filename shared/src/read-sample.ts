import { z } from 'zod';

// An audience the counts kept at ingest do not key (two traits, or a trait with a filter they do
// not key) is answered from its sessions of the range. On a busy site those are too many to walk
// per request, so past a threshold the routes that walk them walk a fixed sample instead, drawn
// within the audience's rarest trait, and say so in `sampled`. `exact=true` walks them all.

/** The values of an `exact` query parameter (a funnel's, an audience's read). */
export const EXACT_VALUES = ['true', 'false'] as const;

/** The `exact` query parameter of a route that may answer an audience from a sample of its sessions. */
export const audienceExactField = {
  exact: z
    .enum(EXACT_VALUES)
    .optional()
    .meta({
      description:
        'Under an audience the counts do not key (two traits or more, or a trait with a filter they do not key): ' +
        'true walks every session of the audience in the range however many there are (slower on a busy site); ' +
        'otherwise past the server’s threshold the figures are estimated from a fixed sample of them (see `sampled`). ' +
        'Any other question is answered exactly either way',
    }),
};

export const audienceSampleSchema = z
  .object({
    rate: z
      .number()
      .meta({ description: 'The share of the sessions walked, 0–1 (a power of ½): each stands for 1 ÷ rate sessions' }),
    sessions: z.number().int().meta({ description: 'Sessions of the audience in the sample, before scaling' }),
  })
  .meta({
    description:
      'Present only when the answer is an estimate: the audience had more sessions in the range than the server ' +
      'walks per request (LOUPE_FUNNEL_SAMPLE_THRESHOLD), so it walked a fixed sample of them, chosen by a hash of ' +
      'the session id (the same sessions on every request). Counts are the sample’s times 1 ÷ rate; rates, means ' +
      'and percentiles are the sample’s own. For exact figures ask again with exact=true.',
    example: { rate: 0.25, sessions: 1656 },
  });
export type AudienceSample = z.infer<typeof audienceSampleSchema>;

export const answerSampleSchema = z
  .object({
    rate: z
      .number()
      .meta({ description: 'The share of the answers read, 0–1 (a power of ½): each stands for 1 ÷ rate answers' }),
    answers: z.number().int().meta({ description: 'Answers of the audience in the sample, before scaling' }),
  })
  .meta({
    description:
      'Present only when the answer is an estimate: the audience’s rarest trait (or, for an audience without a ' +
      'trait, the range) had more answers than the server reads per request (LOUPE_FUNNEL_SAMPLE_THRESHOLD), so it ' +
      'read a fixed sample of them, chosen by a hash of the answer id (the same answers on every request). Counts are the sample’s times 1 ÷ rate; scores, ' +
      'means and shares are the sample’s own, and so are margins of error and confidence intervals (computed from the ' +
      'sample’s own count of answers). For exact figures ask again with exact=true.',
    example: { rate: 0.25, answers: 1210 },
  });
export type AnswerSample = z.infer<typeof answerSampleSchema>;

export const peopleSampleSchema = z
  .object({
    rate: z
      .number()
      .meta({ description: 'The share of the people read, 0–1 (a power of ½): each stands for 1 ÷ rate people' }),
    people: z.number().int().meta({ description: 'People of the audience in the sample’s cohorts, before scaling' }),
  })
  .meta({
    description:
      'Present only when the answer is an estimate: the audience’s rarest trait had more sessions since the first ' +
      'cohort than the server walks per request (LOUPE_FUNNEL_SAMPLE_THRESHOLD), so it read a fixed sample of ' +
      'people, chosen by a hash of the visitor id (the same people, with all their sessions, on every request). ' +
      'Counts are the sample’s times 1 ÷ rate; rates are the sample’s own. For exact figures ask again with exact=true.',
    example: { rate: 0.0625, people: 880 },
  });
export type PeopleSample = z.infer<typeof peopleSampleSchema>;
