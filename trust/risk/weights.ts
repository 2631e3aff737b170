/**
 * THE one place the weighted risk model is tuned. Change a weight or a parameter ⇒ bump `version`: every
 * assessment stores the version that produced it, so scores from different models are never compared blind.
 *
 * A signal's points = its weight × its strength (0–1, from the parameters below); the score is the sum of
 * every signal's points, clamped to 0–100. Negative weights are evidence of trust. Run `npm run eval:fraud`
 * after a change: the CI gate refuses a model that scores the labelled set worse than evals/fraud/baseline.json.
 */
export const RISK_MODEL = {
  version: 'weights-2026-11',
  weights: {
    /** A brand new account (full points under a day old, less up to a month). */
    account_age: 15,
    /** Nobody checked who this is (KYC / KYB). */
    unverified: 10,
    /** A person verified the identity or company: trust. */
    verified_identity: -15,
    /** Completed, reviewed work on the platform: trust. */
    track_record: -10,
    /** A freelancer profile with no bio, skills or case studies. */
    profile_incomplete: 10,
    /** The email address is at a throwaway provider. */
    disposable_email: 25,
    /** Many proposals in the last hour or day. */
    proposal_velocity: 25,
    /** The same letter sent to many projects. */
    templated_letters: 15,
    /** A letter other accounts also sent (a ring sharing one script). */
    copied_letters: 25,
    /** Emails, phone numbers, messaging apps or off-platform payment requests in proposals or messages. */
    off_platform_contact: 40,
    /** Declined deposits and failed payouts. */
    payment_failures: 15,
    /** Disputes the other party opened against this account. */
    disputes_against: 15,
    /** Share of contracts that ended cancelled. */
    cancellation_rate: 15,
    /** The hourly rate multiplied or divided recently. */
    rate_spike: 15,
    /** A card or bank account other accounts also use. */
    shared_payment_instrument: 30,
    /** A KYC document other accounts also submitted. */
    shared_identity_document: 25,
    /** Other users reported this account. */
    fraud_reports: 30,
    /** An admin already warned this account. */
    prior_warning: 10,
  },
  params: {
    /** account_age: strength 1 under this many hours, 0.6 under a week, 0.2 under a month. */
    newAccountHours: 24,
    /** proposal_velocity: no points up to these counts, full points at the second figure. */
    velocityHourFree: 4,
    velocityHourFull: 12,
    velocityDayFree: 15,
    velocityDayFull: 50,
    /** Two letters are the same text when their word 3-shingle Jaccard similarity reaches this. */
    nearDuplicate: 0.6,
    /** templated_letters: full points when this many other own letters repeat the text. */
    templatedFull: 4,
    /** copied_letters: full points when this many other accounts sent the same text. */
    copiedFull: 2,
    /** How far back letters are compared (days). */
    letterWindowDays: 14,
    /** Texts scanned for contact details: the last N of the account, within this many days. */
    contactTexts: 40,
    contactWindowDays: 90,
    /** off_platform_contact strength by kind (the strongest finding counts, +0.15 per extra text). */
    contactStrength: { payment_request: 1, email: 0.6, phone: 0.6, messaging_app: 0.5 },
    /** cancellation_rate: counted from this many ended contracts. */
    cancellationMinContracts: 2,
    /** rate_spike: a change by at least this factor within the window (days) gets full points. */
    rateSpikeFactor: 3,
    rateSpikeWindowDays: 30,
    /** fraud_reports: distinct reporters for full points, within this many days. */
    reportsFull: 3,
    reportsWindowDays: 180,
    /** track_record: completed contracts (or jobs_completed) for full points. */
    trackRecordFull: 5,
  },
} as const;

export type RiskModel = typeof RISK_MODEL;
export type SignalName = keyof RiskModel['weights'];
