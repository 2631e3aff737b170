import { addMilestones } from './addMilestones';
import { cancelProject } from './cancelProject';
import { createProject } from './createProject';
import { getProject } from './getProject';
import { inviteFreelancer } from './inviteFreelancer';
import { listMyProjects } from './listMyProjects';
import { searchProjects } from './searchProjects';
import { updateProject } from './updateProject';

export const projectTools = [
  getProject,
  createProject,
  searchProjects,
  listMyProjects,
  updateProject,
  cancelProject,
  addMilestones,
  inviteFreelancer,
];
