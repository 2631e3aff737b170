import { acceptProposal } from './acceptProposal';
import { listMyProposals } from './listMyProposals';
import { listProposals } from './listProposals';
import { submitProposal } from './submitProposal';
import { withdrawProposal } from './withdrawProposal';

export const proposalTools = [
  submitProposal,
  withdrawProposal,
  listMyProposals,
  listProposals,
  acceptProposal,
];
