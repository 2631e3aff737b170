export const proposalTools = [];
