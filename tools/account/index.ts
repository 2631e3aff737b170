import { whoami } from './whoami';

export const accountTools = [whoami];
