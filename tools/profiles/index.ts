export const profileTools = [];
