import { issueLinkCode, unlinkChannelIdentities } from './linkChannelIdentity';

export const identityTools = [issueLinkCode, unlinkChannelIdentities];
