-- draft_proposal now follows proposal_copilot, which is launched to every freelancer (the seed moved from 25% to
-- 100%). A database seeded before keeps whatever an admin set; a flag nobody has changed since seeding moves to
-- 100% now, so freelancers who could draft yesterday still can. Descriptions follow the seed's (not admin-edited).
UPDATE feature_flags SET rollout_bps = 10000
 WHERE key = 'proposal_copilot' AND updated_by IS NULL AND rollout_bps = 2500;

UPDATE feature_flags SET description =
  'The copilot drafts proposals and cover letters for freelancers (draft_proposal). Launched to every ' ||
  'freelancer; lower the rollout or disable it to take drafting away.'
 WHERE key = 'proposal_copilot';

UPDATE feature_flags SET description =
  'Hybrid matching v2 in match_freelancers for clients: treatment adds semantic similarity (embeddings) to ' ||
  'the skills graph, keywords and reputation; an A/B test against v1, the same ranking without it.'
 WHERE key = 'ai_matching_v2';

UPDATE feature_flags SET description =
  'Review axes (quality, reliability, communication, speed) weigh matching''s reputation part for the ' ||
  'asking client; badges count in the trust part either way.'
 WHERE key = 'reputation_in_ranking';
