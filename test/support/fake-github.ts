import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Call {
  method: string;
  path: string;
  body?: Record<string, unknown>;
}

export interface FakeComment {
  id: number;
  body: string;
  user: { login: string; type: 'Bot' | 'User' };
}

/** What GitHub says when the job's GITHUB_TOKEN (an installation token) asks for something it may not. */
const NOT_FOR_INTEGRATIONS = 'Resource not accessible by integration';

/**
 * A local stand-in for the GitHub REST endpoints cc-ci uses (no network): pull requests,
 * issue comments with real pagination (Link headers), reactions, commit statuses, run jobs, the
 * authenticated user. Records every call; `failNext` makes a route answer with an error status a
 * number of times, `rateLimitNext` with a rate limit as GitHub answers one.
 */
export class FakeGitHub {
  readonly calls: Call[] = [];
  comments: FakeComment[] = [];
  headSha = 'a'.repeat(40);
  jobs: { name: string; html_url: string }[] = [];
  /**
   * The owner of a personal token: GET /user answers it and new comments are theirs. Undefined
   * plays the job's GITHUB_TOKEN: GET /user is refused and comments are github-actions[bot]'s.
   */
  tokenUser?: { login: string; type: 'User' };
  private failures: { route: RegExp; status: number; message: string; times: number; headers: Record<string, string> }[] = [];
  private server?: Server;
  url = '';

  failNext(
    route: RegExp,
    status: number,
    times = 1,
    message = status === 403 ? NOT_FOR_INTEGRATIONS : 'Server Error',
    headers: Record<string, string> = {},
  ): void {
    this.failures.push({ route, status, message, times, headers });
  }

  /**
   * The next call to `route` hits a rate limit, answered as GitHub's "Rate limits for the REST
   * API" describes: primary with x-ratelimit-remaining 0 and x-ratelimit-reset (epoch seconds,
   * `seconds` from now); secondary with a message naming it and retry-after `seconds`.
   */
  rateLimitNext(route: RegExp, kind: 'primary' | 'secondary', seconds: number, status: 403 | 429 = 403): void {
    if (kind === 'primary') {
      const reset = String(Math.floor(Date.now() / 1000) + seconds);
      this.failNext(route, status, 1, 'API rate limit exceeded for installation ID 1.', {
        'x-ratelimit-limit': '1000',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': reset,
      });
    } else {
      this.failNext(route, status, 1, 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.', {
        'retry-after': String(seconds),
      });
    }
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** Calls other than reads, as "METHOD /path". */
  writes(): string[] {
    return this.calls.filter((c) => c.method !== 'GET').map((c) => `${c.method} ${c.path}`);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? '/', this.url);
    const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>) : undefined;
    const key = `${req.method} ${url.pathname}`;
    this.calls.push({ method: req.method!, path: url.pathname, body });
    const send = (status: number, data: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(data));
    };
    const failure = this.failures.find((f) => f.times > 0 && f.route.test(key));
    if (failure) {
      failure.times--;
      return send(failure.status, { message: failure.message }, failure.headers);
    }
    let m: RegExpMatchArray | null;
    if ((m = key.match(/^GET \/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)$/))) {
      return send(200, {
        number: Number(m[3]),
        head: { sha: this.headSha, repo: { full_name: `${m[1]}/${m[2]}` } },
        base: { repo: { full_name: `${m[1]}/${m[2]}` } },
      });
    }
    if (/^POST \/repos\/[^/]+\/[^/]+\/issues\/comments\/\d+\/reactions$/.test(key)) return send(201, { id: 1, content: body?.content });
    if ((m = key.match(/^GET (\/repos\/[^/]+\/[^/]+\/issues\/\d+\/comments)$/))) {
      const perPage = Number(url.searchParams.get('per_page') ?? 30);
      const page = Number(url.searchParams.get('page') ?? 1);
      const last = Math.max(1, Math.ceil(this.comments.length / perPage));
      const link: Record<string, string> =
        page < last
          ? {
              link: `<${this.url}${m[1]}?per_page=${perPage}&page=${page + 1}>; rel="next", <${this.url}${m[1]}?per_page=${perPage}&page=${last}>; rel="last"`,
            }
          : {};
      return send(200, this.comments.slice((page - 1) * perPage, page * perPage), link);
    }
    if (key === 'GET /user') return this.tokenUser ? send(200, this.tokenUser) : send(403, { message: NOT_FOR_INTEGRATIONS });
    if (/^POST \/repos\/[^/]+\/[^/]+\/issues\/\d+\/comments$/.test(key)) {
      const c: FakeComment = {
        id: 1000 + this.comments.length,
        body: String(body?.body),
        user: this.tokenUser ?? { login: 'github-actions[bot]', type: 'Bot' },
      };
      this.comments.push(c);
      return send(201, c);
    }
    if ((m = key.match(/^PATCH \/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/))) {
      const c = this.comments.find((x) => x.id === Number(m![1]));
      if (!c) return send(404, { message: 'Not Found' });
      c.body = String(body?.body);
      return send(200, c);
    }
    if (/^POST \/repos\/[^/]+\/[^/]+\/statuses\/[0-9a-f]{40}$/.test(key)) return send(201, { state: body?.state });
    if (/^GET \/repos\/[^/]+\/[^/]+\/actions\/runs\/\d+\/jobs$/.test(key))
      return send(200, { total_count: this.jobs.length, jobs: this.jobs });
    send(404, { message: 'Not Found' });
  }
}

/**
 * The runner's artifact service (ACTIONS_RESULTS_URL) as @actions/artifact v2+ calls it for the
 * current run: twirp JSON for CreateArtifact / FinalizeArtifact / ListArtifacts /
 * GetSignedArtifactURL, and a blob store for the signed URLs (Azure's block upload: stage blocks,
 * commit the block list; a download gets the zip back). Names are unique in the run, as on
 * GitHub: creating a name that exists is a 409. Artifacts of every attempt are listed, as a
 * re-run attempt sees those of the attempts before it.
 */
export class FakeArtifacts {
  artifacts: { name: string; body: Buffer; zip: boolean }[] = [];
  /** Names CreateArtifact was asked for, in order (a refused one too). */
  readonly created: string[] = [];
  /** The expiry each CreateArtifact asked for (its `expires_at`, an RFC 3339 time), by name; none: the repository's retention. */
  readonly expiresAt = new Map<string, string | undefined>();
  private blocks = new Map<string, Buffer>();
  private server?: Server;
  url = '';

  /** An artifact as a test job would have left it: one raw results.json (not zipped). */
  add(name: string, resultsJson: string): void {
    this.artifacts.push({ name, body: Buffer.from(resultsJson), zip: false });
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** The environment a job on github.com gets for it, at run attempt `attempt`. */
  env(attempt = 1): NodeJS.ProcessEnv {
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    return {
      ACTIONS_RUNTIME_TOKEN: `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ scp: 'Actions.Results:run:job' })}.x`,
      ACTIONS_RESULTS_URL: `${this.url}/`,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_RUN_ATTEMPT: String(attempt),
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', this.url);
    const json = (data: unknown, status = 200) =>
      void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(data));
    if (url.pathname.startsWith('/twirp/')) {
      const body = raw.length
        ? (JSON.parse(raw.toString()) as { id_filter?: string; name?: string; name_filter?: string; expires_at?: string })
        : {};
      const method = url.pathname.split('/').pop();
      if (method === 'CreateArtifact') {
        this.created.push(body.name!);
        this.expiresAt.set(body.name!, body.expires_at);
        if (this.artifacts.some((a) => a.name === body.name))
          return json({ code: 'already_exists', msg: 'an artifact with this name already exists on the workflow run' }, 409);
        return json({ ok: true, signed_upload_url: `${this.url}/upload/${encodeURIComponent(body.name!)}?sig=x` });
      }
      if (method === 'FinalizeArtifact') return json({ ok: true, artifact_id: String(this.artifacts.length) });
      const listed = this.artifacts.map((a, i) => ({
        workflow_run_backend_id: 'run',
        workflow_job_run_backend_id: 'job',
        database_id: String(i + 1),
        name: a.name,
        size: String(a.body.length),
        created_at: '2025-01-01T00:00:00Z',
      }));
      if (method === 'ListArtifacts')
        return json({ artifacts: listed.filter((a) => body.id_filter === undefined || a.database_id === String(body.id_filter)) });
      if (method === 'GetSignedArtifactURL') return json({ signed_url: `${this.url}/blob/${encodeURIComponent(body.name ?? '')}` });
      return json({ msg: 'no such method' }, 404);
    }
    const upload = /^\/upload\/([^/]+)$/.exec(url.pathname);
    if (upload && req.method === 'PUT') {
      const name = decodeURIComponent(upload[1]!);
      const comp = url.searchParams.get('comp');
      if (comp === 'block') this.blocks.set(`${name}/${url.searchParams.get('blockid')}`, raw);
      else {
        const ids = comp === 'blocklist' ? [...raw.toString().matchAll(/<Latest>([^<]+)<\/Latest>/g)].map((m) => m[1]!) : [];
        const body = comp === 'blocklist' ? Buffer.concat(ids.map((id) => this.blocks.get(`${name}/${id}`) ?? Buffer.alloc(0))) : raw;
        this.artifacts.push({ name, body, zip: true });
      }
      res.writeHead(201, { etag: '"x"', 'last-modified': new Date().toUTCString() }).end();
      return;
    }
    const blob = this.artifacts.find((a) => url.pathname === `/blob/${encodeURIComponent(a.name)}`);
    if (blob) {
      const type = blob.zip
        ? { 'content-type': 'application/zip' }
        : { 'content-type': 'application/json', 'content-disposition': 'attachment; filename=results.json' };
      res.writeHead(200, type).end(blob.body);
      return;
    }
    res.writeHead(404).end('{}');
  }
}
