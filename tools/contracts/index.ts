export const contractTools = [];
