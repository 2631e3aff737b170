import { addCaseStudy } from './addCaseStudy';
import { getFreelancerProfile } from './getFreelancerProfile';
import { updateMyProfile } from './updateMyProfile';

export const profileTools = [getFreelancerProfile, updateMyProfile, addCaseStudy];
