import { z } from 'zod';

/** Where a result came from, and what the caller should know about how it was made. */
export const AiMeta = {
  source: z
    .enum(['model', 'deterministic'])
    .describe('model: the configured chat model (validated); deterministic: the offline rules'),
  notes: z.array(z.string()).describe('Assumptions, fallbacks and caveats, in plain words'),
};

export const Severity = z.enum(['info', 'warning', 'critical']);
export type Severity = z.infer<typeof Severity>;

export const Flag = z.object({
  code: z.string().describe('Stable identifier, e.g. budget_below_p25'),
  severity: Severity,
  message: z.string().describe('The finding with its numbers, for a person'),
});
export type Flag = z.infer<typeof Flag>;

export const OpenQuestion = z.object({
  field: z
    .string()
    .nullable()
    .describe('The create_project field it would fill, e.g. requirements.platforms'),
  question: z.string(),
  required: z.boolean().describe('create_project refuses the project until this is answered'),
});
export type OpenQuestion = z.infer<typeof OpenQuestion>;
