import type { Executor } from '../client';
import { one } from '../sql';

export interface UserRow {
  id: string;
  role: 'client' | 'freelancer' | 'admin';
  email: string;
  handle: string | null;
  display_name: string;
  country: string;
  status: 'active' | 'suspended';
  created_at: string;
}

/** A user by id or by handle ("demo-client"). */
export async function findUser(ex: Executor, idOrHandle: string): Promise<UserRow | undefined> {
  return one<UserRow>(ex, 'SELECT * FROM users WHERE id = ? OR handle = ?', [idOrHandle, idOrHandle]);
}
