import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';

// The pages import the repository's own db/ code (hire pages read the database at build time), so the
// bundler's root is the repository, one level up.
const root = dirname(dirname(fileURLToPath(import.meta.url)));

const config: NextConfig = {
  // Tests and benches build into their own folder so they never replace the build `npm start` serves.
  distDir: process.env.WEB_DIST_DIR ?? '.next',
  turbopack: { root },
  outputFileTracingRoot: root,
  // `npm run typecheck` checks web/ with `tsc -p web`; repeating it inside every build only costs time.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  reactStrictMode: true,
};

export default config;
