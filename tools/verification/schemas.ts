import { z } from 'zod';
import {
  EVIDENCE_KINDS,
  VERIFICATION_KINDS,
  type VerificationQueueRow,
  type VerificationRow,
} from '../../db/queries/verification';

export const VerificationKind = z
  .enum(VERIFICATION_KINDS)
  .describe('individual: your identity (KYC); company: your business (KYB)');
export const EvidenceKind = z
  .enum(EVIDENCE_KINDS)
  .describe(
    'The document: passport, national_id, driving_licence or residence_permit for an individual; ' +
      'company_registration, tax_certificate or vat_registration for a company',
  );
export const VerificationStatus = z.enum(['pending', 'verified', 'rejected']);
export const VerificationState = z
  .enum(['unverified', 'pending', 'verified', 'rejected'])
  .describe('unverified (nothing submitted), pending (waiting for an admin), verified or rejected');

/** A submission as its owner sees it: the document is only ever shown as its last 4 characters. */
export const VerificationView = z.object({
  id: z.string(),
  kind: VerificationKind,
  evidenceKind: EvidenceKind,
  issuingCountry: z.string(),
  companyName: z.string().nullable(),
  reference: z.string().describe('The document number masked to its last 4 characters, e.g. ••••4567'),
  status: VerificationStatus,
  submittedAt: z.string(),
  reviewedAt: z.string().nullable(),
  reason: z.string().nullable().describe('The admin’s reason, always given for a rejection'),
});
export type VerificationView = z.infer<typeof VerificationView>;

/** A submission as an admin reviews it: who sent it and whether other accounts sent the same document. */
export const AdminVerificationView = VerificationView.extend({
  userId: z.string(),
  userName: z.string(),
  userRole: z.string(),
  userCountry: z.string(),
  sameDocumentAccounts: z
    .number()
    .int()
    .describe('Other accounts that submitted the same document (same fingerprint): a fraud signal'),
});
export type AdminVerificationView = z.infer<typeof AdminVerificationView>;

export function verificationView(r: VerificationRow): VerificationView {
  return {
    id: r.id,
    kind: r.kind,
    evidenceKind: r.evidence_kind,
    issuingCountry: r.issuing_country,
    companyName: r.company_name,
    reference: `••••${r.last4}`,
    status: r.status,
    submittedAt: r.submitted_at,
    reviewedAt: r.reviewed_at,
    reason: r.reason,
  };
}

export function adminVerificationView(r: VerificationQueueRow): AdminVerificationView {
  return {
    ...verificationView(r),
    userId: r.user_id,
    userName: r.display_name,
    userRole: r.role,
    userCountry: r.country,
    sameDocumentAccounts: Number(r.same_document_accounts),
  };
}

export const EVIDENCE_LABELS: Record<(typeof EVIDENCE_KINDS)[number], string> = {
  passport: 'passport',
  national_id: 'national id card',
  driving_licence: 'driving licence',
  residence_permit: 'residence permit',
  company_registration: 'company registration',
  tax_certificate: 'tax certificate',
  vat_registration: 'VAT registration',
};
