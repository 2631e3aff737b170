import type { Metadata } from 'next';
import { Dashboard } from '../../components/admin/Dashboard';

export const metadata: Metadata = { title: 'Dashboard' };

// recharts is imported here only, so the chat page's bundle never carries it.
export default function AdminPage() {
  return <Dashboard />;
}
