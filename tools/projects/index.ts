import { createProject } from './createProject';
import { getProject } from './getProject';

export const projectTools = [getProject, createProject];
