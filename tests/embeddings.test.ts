import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../db/seed/index';
import { run } from '../db/sql';
import { contentHash, loadDocuments, profileText } from '../matching/documents';
import { createCombinedEmbedder } from '../matching/embeddings/combined';
import { createDomainEmbedder } from '../matching/embeddings/domain';
import { configuredProviderName, createEmbeddingProvider } from '../matching/embeddings/index';
import { createOpenAiEmbedder } from '../matching/embeddings/openai';
import { cosine, EmbeddingError } from '../matching/embeddings/provider';
import { buildSkillLexicon, loadSkillLexicon } from '../matching/embeddings/skills';
import { createUseLiteEmbedder, USE_LITE_DIMENSION } from '../matching/embeddings/use';
import { createVectorIndex } from '../matching/vectors/factory';
import { embedStale } from '../matching/vectors/sync';
import { makeUser, type TestEnv, testEnv } from './support/harness';

const norm = (v: Float32Array) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

const RN = 'React Native mobile developer';
const APPS = 'iOS and Android apps in React Native';
const TAX = 'tax accountant';

describe('domain embedder', () => {
  const domain = createDomainEmbedder();

  it('is deterministic, 384-dimensional and L2-normalised, even for blank text', async () => {
    const texts = [RN, APPS, TAX, '', '   ', 'Ünïcödé façade — C++ & C# & .NET'];
    const a = await domain.embed(texts);
    const b = await createDomainEmbedder().embed(texts);
    expect(domain.id).toBe('domain/v1');
    expect(domain.dimension).toBe(384);
    a.forEach((v, i) => {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v).toHaveLength(384);
      expect(norm(v)).toBeCloseTo(1, 5);
      expect([...v]).toEqual([...b[i]!]);
    });
    expect(await domain.embed([])).toEqual([]);
  });

  it('puts "React Native mobile developer" closer to "iOS and Android apps in React Native" than to "tax accountant"', async () => {
    const [rn, apps, tax] = await domain.embed([RN, APPS, TAX]);
    expect(cosine(rn!, apps!)).toBeGreaterThan(cosine(rn!, tax!) + 0.3);
    const [books] = await domain.embed(['Bookkeeping and tax returns for small businesses']);
    expect(cosine(tax!, books!)).toBeGreaterThan(cosine(tax!, apps!));
  });

  it('reads a Skills: line as skill concepts and unifies spellings', async () => {
    const f = domain.features('Senior engineer.\nSkills: React Native, Node.js');
    expect(f.get('s:react native')).toBe(2);
    expect(f.has('w:skill')).toBe(false);
    const [a, b] = await domain.embed([
      'Backend in Node.js and Postgres',
      'backend in NodeJS and PostgreSQL',
    ]);
    expect(cosine(a!, b!)).toBeGreaterThan(0.95);
  });

  it('with a skills lexicon: aliases, categories and related skills count, and the id says which lexicon', async () => {
    const lexicon = buildSkillLexicon({
      skills: [
        { name: 'Kubernetes', category: 'devops-cloud', aliases: ['EKS'] },
        { name: 'Expo', category: 'mobile-development' },
        { name: 'React Native', category: 'mobile-development' },
        { name: 'QuickBooks', category: 'finance-accounting' },
      ],
      related: [{ skill: 'Expo', related: 'React Native', weight: 0.8 }],
    });
    const withLex = createDomainEmbedder({ lexicon });
    expect(withLex.id).toMatch(/^domain\/v1\+lex\.[0-9a-f]{8}$/);
    expect(createDomainEmbedder({ lexicon }).id).toBe(withLex.id);
    const texts = [
      'Runs our EKS clusters',
      'Kubernetes platform engineer',
      'Skills: Expo',
      'Skills: React Native',
    ];
    const [eks, k8s, expo, rn] = await withLex.embed(texts);
    const [eks0, k8s0, expo0, rn0] = await domain.embed(texts);
    expect(cosine(eks!, k8s!)).toBeGreaterThan(cosine(eks0!, k8s0!) + 0.2);
    expect(cosine(expo!, rn!)).toBeGreaterThan(cosine(expo0!, rn0!) + 0.2);
  });

  // How fast it embeds is a figure of bench:matching (its matching sync), not a timed test.
  it('embeds a batch of 1000 profile documents as each one alone, one vector per document', async () => {
    const texts = Array.from({ length: 1000 }, (_, i) =>
      profileText({
        headline: `Full-stack developer ${i}`,
        bio: 'I build SaaS dashboards and customer portals for fintech and healthcare startups, from schema to deploy.',
        category: 'Web Development',
        skills: ['React', 'Node.js', 'PostgreSQL', 'TypeScript'],
        industries: ['Fintech'],
        caseStudyTitles: ['Rebuilt a fintech customer portal in React'],
      }),
    );
    const batch = await domain.embed(texts);
    expect(batch).toHaveLength(1000);
    for (const i of [0, 1, 499, 999]) {
      const [alone] = await domain.embed([texts[i]!]);
      expect([...batch[i]!]).toEqual([...alone!]);
    }
    expect(cosine(batch[0]!, batch[1]!)).toBeLessThan(1);
  });
});

describe('OpenAI-compatible provider against a local server', () => {
  let server: Server;
  let baseUrl: string;
  const requests: { auth?: string; body: { model: string; input: string[]; dimensions?: number } }[] = [];
  let failNext: number[] = [];

  const body = (req: IncomingMessage) =>
    new Promise<string>((res) => {
      let s = '';
      req.on('data', (d) => {
        s += d;
      });
      req.on('end', () => res(s));
    });

  beforeAll(async () => {
    const fake = createDomainEmbedder({ dimension: 64 });
    server = createServer(async (req, res) => {
      const json = JSON.parse(await body(req));
      requests.push({ auth: req.headers.authorization, body: json });
      const status = failNext.shift();
      if (status) {
        res.writeHead(status, { 'content-type': 'application/json', 'retry-after': '0' });
        res.end(JSON.stringify({ error: { message: `fake ${status}`, type: 'server_error' } }));
        return;
      }
      if (req.method !== 'POST' || req.url !== '/v1/embeddings' || json.model === 'missing-model') {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `The model ${json.model} does not exist` } }));
        return;
      }
      const inputs: string[] = typeof json.input === 'string' ? [json.input] : json.input;
      // Real servers return unnormalised floats, in any order, with their index.
      const vectors = await fake.embed(inputs);
      const data = vectors
        .map((v, index) => ({ object: 'embedding', index, embedding: [...v].map((x) => x * 3) }))
        .reverse();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          object: 'list',
          data,
          model: json.model,
          usage: { prompt_tokens: 1, total_tokens: 1 },
        }),
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('posts batches to /embeddings, keeps input order, normalises, and learns an unknown dimension', async () => {
    requests.length = 0;
    const p = await createOpenAiEmbedder({ model: 'local-model', baseUrl, apiKey: 'sk-test', batchSize: 4 });
    expect(p.id).toBe('openai/local-model');
    expect(p.dimension).toBe(64); // from one probe request
    const texts = Array.from({ length: 10 }, (_, i) => `text number ${i}`);
    const out = await p.embed([...texts, '']);
    expect(out).toHaveLength(11);
    const direct = await createDomainEmbedder({ dimension: 64 }).embed(texts);
    out.slice(0, 10).forEach((v, i) => {
      expect(norm(v)).toBeCloseTo(1, 5);
      expect(cosine(v, direct[i]!)).toBeCloseTo(1, 5);
    });
    expect(requests.map((r) => r.body.input.length)).toEqual([1, 4, 4, 3]);
    expect(requests.every((r) => r.auth === 'Bearer sk-test' && r.body.model === 'local-model')).toBe(true);
    expect(requests.at(-1)!.body.input.at(-1)).toBe(' '); // blank text is sent as a space
  });

  it('retries 429 and 5xx, and reports other errors with the status and message', async () => {
    const p = await createOpenAiEmbedder({ model: 'local-model', baseUrl, dimension: 64, maxRetries: 2 });
    failNext = [429, 503];
    expect(await p.embed(['retried'])).toHaveLength(1);
    failNext = [500, 500, 500];
    await expect(p.embed(['gives up'])).rejects.toThrow(/openai\/local-model: HTTP 500: .*fake 500/);
    failNext = [];
    const missing = await createOpenAiEmbedder({ model: 'missing-model', baseUrl, dimension: 64 });
    const err = await missing.embed(['x']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EmbeddingError);
    expect((err as Error).message).toMatch(/HTTP 404: .*does not exist/);
  });

  it('is what the factory builds when EMBEDDING_MODEL names a remote model', async () => {
    expect(configuredProviderName({})).toBe('domain');
    expect(configuredProviderName({ EMBEDDING_MODEL: 'use-lite' })).toBe('use-lite');
    expect(configuredProviderName({ EMBEDDING_MODEL: 'text-embedding-3-small' })).toBe('openai');
    expect((await createEmbeddingProvider({})).id).toBe('domain/v1');
    await expect(createEmbeddingProvider({ EMBEDDING_MODEL: 'text-embedding-3-small' })).rejects.toThrow(
      /needs OPENAI_API_KEY/,
    );
    const known = await createEmbeddingProvider({
      EMBEDDING_MODEL: 'text-embedding-3-small',
      OPENAI_BASE_URL: baseUrl,
    });
    expect(known).toMatchObject({ id: 'openai/text-embedding-3-small', dimension: 1536 });
  });
});

describe('Universal Sentence Encoder lite', () => {
  it('loads from the package files with the network cut off, and embeds sensibly', async () => {
    const realFetch = globalThis.fetch;
    globalThis.fetch = () => Promise.reject(new Error('network disabled in this test'));
    let use: Awaited<ReturnType<typeof createUseLiteEmbedder>>;
    try {
      use = await createUseLiteEmbedder();
    } finally {
      globalThis.fetch = realFetch;
    }
    expect(use).toMatchObject({ id: 'use-lite/v1', dimension: USE_LITE_DIMENSION });
    const [rn, apps, tax, blank] = await use.embed([RN, APPS, TAX, '']);
    for (const v of [rn, apps, tax, blank]) {
      expect(v).toHaveLength(512);
      expect(norm(v!)).toBeCloseTo(1, 4);
    }
    expect(cosine(rn!, apps!)).toBeGreaterThan(cosine(rn!, tax!) + 0.2);
    const combined = createCombinedEmbedder([
      { provider: createDomainEmbedder(), weight: 1 },
      { provider: use, weight: 1 },
    ]);
    expect(combined.dimension).toBe(384 + 512);
    const [c1, c2] = await combined.embed([RN, APPS]);
    const [d1, d2] = await createDomainEmbedder().embed([RN, APPS]);
    expect(cosine(c1!, c2!)).toBeCloseTo((cosine(d1!, d2!) + cosine(rn!, apps!)) / 2, 4);
  }, 30_000);
});

describe('documents and re-embedding', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await testEnv('file');
  });
  afterAll(() => env.close());

  it('builds profile documents from the database and re-embeds only what changed', async () => {
    const { db } = env.rt;
    const a = await makeUser(env.rt, 'freelancer', {
      skills: ['React Native', 'TypeScript'],
      category: 'mobile-development',
    });
    const b = await makeUser(env.rt, 'freelancer', {
      skills: ['QuickBooks'],
      category: 'finance-accounting',
    });
    const docs = await loadDocuments(db.reader, 'profile', { ids: [a.actor.id, b.actor.id, 'usr_missing'] });
    expect(docs.map((d) => d.id)).toEqual([a.actor.id, b.actor.id].sort());
    const docA = docs.find((d) => d.id === a.actor.id)!;
    expect(docA.text).toContain('Category: Mobile Development');
    expect(docA.text.split('\n').at(-1)).toBe('Skills: React Native, TypeScript');
    expect(docA.contentHash).toBe(contentHash(docA.text));
    const page = await loadDocuments(db.reader, 'profile', { limit: 1 });
    expect(page).toHaveLength(1);

    const lexicon = await loadSkillLexicon(db.reader);
    expect(lexicon.detect('We run EKS and need a React-Native dev')).toEqual(
      expect.arrayContaining(['Kubernetes', 'React Native']),
    );
    const provider = createDomainEmbedder({ lexicon });
    const index = await createVectorIndex(db, { providerId: provider.id, dimension: provider.dimension });
    expect(await embedStale({ reader: db.reader, provider, index, documents: docs })).toEqual({
      embedded: 2,
      unchanged: 0,
    });
    expect(await embedStale({ reader: db.reader, provider, index, documents: docs })).toEqual({
      embedded: 0,
      unchanged: 2,
    });
    await db.write((tx) =>
      run(tx, "UPDATE freelancer_profiles SET headline = 'Expo and React Native apps' WHERE user_id = ?", [
        a.actor.id,
      ]),
    );
    const again = await loadDocuments(db.reader, 'profile', { ids: [a.actor.id, b.actor.id] });
    expect(await embedStale({ reader: db.reader, provider, index, documents: again })).toEqual({
      embedded: 1,
      unchanged: 1,
    });
    const [q] = await provider.embed(['Need an iOS and Android app built in React Native']);
    expect((await index.search('profile', q!, 2))[0]!.id).toBe(a.actor.id);
    index.close();
  });

  it('domain vectors of real profiles survive binary quantization: recall@10 >= 0.95 at 100 candidates', async () => {
    const { db } = env.rt;
    await seedDemo(db, { freelancers: 2000, clients: 20, projects: 40 });
    const provider = createDomainEmbedder({ lexicon: await loadSkillLexicon(db.reader) });
    const space = { providerId: provider.id, dimension: provider.dimension };
    const binary = await createVectorIndex(db, { ...space, mode: 'binary' });
    const exact = await createVectorIndex(db, { ...space, mode: 'exact', backend: 'libsql' });
    const docs = await loadDocuments(db.reader, 'profile', { limit: 5000 });
    expect(docs.length).toBeGreaterThanOrEqual(2000);
    await embedStale({ reader: db.reader, provider, index: binary, documents: docs, batchSize: 1000 });
    const projects = await loadDocuments(db.reader, 'project', { limit: 40 });
    let hit = 0;
    for (const q of await provider.embed(projects.map((p) => p.text))) {
      const truth = new Set((await exact.search('profile', q, 10)).map((h) => h.id));
      for (const h of await binary.search('profile', q, 10, { candidates: 100 })) if (truth.has(h.id)) hit++;
    }
    // Without the domain embedder's rotation ~0.64 here (0.46 on 10k profiles): sparse vectors binarize badly.
    expect(hit / (10 * projects.length)).toBeGreaterThanOrEqual(0.95);
    binary.close();
    exact.close();
  }, 60_000);
});
