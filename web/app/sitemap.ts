import type { MetadataRoute } from 'next';
import { siteUrl, topPairs } from '../lib/hireData';

export const revalidate = 3600;

export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  const base = siteUrl();
  const pairs = await topPairs();
  return [
    { url: `${base}/`, changeFrequency: 'monthly', priority: 1 },
    { url: `${base}/hire`, changeFrequency: 'weekly', priority: 0.8 },
    ...pairs.map((p) => ({
      url: `${base}/hire/${p.skill}/${p.industry}`,
      changeFrequency: 'weekly' as const,
      priority: 0.6,
    })),
  ];
}
