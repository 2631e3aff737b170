import { z } from 'zod';
import {
  COMPANY_EVIDENCE,
  fingerprintDocument,
  fingerprintKey,
  INDIVIDUAL_EVIDENCE,
  insertVerification,
  latestVerifications,
  normalizeDocumentNumber,
} from '../../db/queries/verification';
import { defineTool } from '../define';
import { conflict, notFound } from '../errors';
import { EvidenceKind, VerificationKind, VerificationView, verificationView } from './schemas';

const individual = new Set<string>(INDIVIDUAL_EVIDENCE);
const company = new Set<string>(COMPANY_EVIDENCE);

export const submitVerification = defineTool({
  name: 'submit_verification',
  title: 'Submit identity or company verification',
  description:
    'Ask to be verified: kind "individual" (your identity, with a passport, national id, driving licence or ' +
    'residence permit) or "company" (your business, with a company registration, tax certificate or VAT ' +
    'registration, plus the registered company name). Give the document number and the issuing country. ' +
    'The number is never stored: only a keyed fingerprint and its last 4 characters are kept, and the audit ' +
    'log redacts it. An admin then approves or rejects it; after a rejection you may submit again. Verified ' +
    'users show as verified on their profile and rank higher in matching.',
  roles: ['client', 'freelancer'],
  effect: 'write',
  input: z
    .object({
      kind: VerificationKind,
      evidenceKind: EvidenceKind,
      issuingCountry: z
        .string()
        .regex(/^[A-Za-z]{2}$/, 'Use the 2-letter ISO country code, e.g. GB.')
        .describe('ISO 3166 alpha-2 code of the country that issued the document, e.g. GB'),
      documentSecret: z
        .string()
        .min(4)
        .max(64)
        .describe(
          'The number on the document (passport number, company registration number…). Kept secret: only ' +
            'a fingerprint and the last 4 characters are stored',
        ),
      companyName: z
        .string()
        .trim()
        .min(1)
        .max(200)
        .optional()
        .describe('company only: the registered company name'),
    })
    .superRefine((v, ctx) => {
      const allowed = v.kind === 'individual' ? individual : company;
      if (!allowed.has(v.evidenceKind)) {
        ctx.addIssue({
          code: 'custom',
          path: ['evidenceKind'],
          message: `A ${v.kind} verification takes ${[...allowed].join(', ')}.`,
        });
      }
      if (v.kind === 'company' && !v.companyName) {
        ctx.addIssue({ code: 'custom', path: ['companyName'], message: 'A company verification needs it.' });
      }
      if (v.kind === 'individual' && v.companyName !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['companyName'],
          message: 'Only a company verification takes it.',
        });
      }
      const n = normalizeDocumentNumber(v.documentSecret).length;
      if (n < 4 || n > 40) {
        ctx.addIssue({
          code: 'custom',
          path: ['documentSecret'],
          message: 'A document number has 4 to 40 letters and digits.',
        });
      }
    }),
  output: z.object({
    verification: VerificationView,
    next: z.string().describe('What happens now'),
  }),
  async run(ctx, input) {
    const current = (await latestVerifications(ctx.db, ctx.actor.id)).find((v) => v.kind === input.kind);
    if (current?.status === 'pending') {
      throw conflict(
        `Your ${input.kind} verification (${current.id}, submitted ${current.submitted_at.slice(0, 10)}) is ` +
          'still waiting for an admin; you can submit again only if it is rejected.',
      );
    }
    if (current?.status === 'verified')
      throw conflict(`Your ${input.kind} verification is already verified.`);
    const country = input.issuingCountry.toUpperCase();
    const { fingerprint, last4 } = fingerprintDocument(
      await fingerprintKey(ctx.db),
      input.evidenceKind,
      country,
      input.documentSecret,
    );
    const id = ctx.newId('vrf');
    await insertVerification(ctx.db, {
      id,
      userId: ctx.actor.id,
      kind: input.kind,
      evidenceKind: input.evidenceKind,
      issuingCountry: country,
      companyName: input.kind === 'company' ? (input.companyName ?? null) : null,
      fingerprint,
      last4,
      now: ctx.now.toISOString(),
    });
    const row = (await latestVerifications(ctx.db, ctx.actor.id)).find((v) => v.id === id);
    if (!row) throw notFound('verification', id);
    return {
      verification: verificationView(row),
      next: 'An admin will review it; verification_status shows the decision and, for a rejection, the reason.',
    };
  },
});
