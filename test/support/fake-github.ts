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

/**
 * A local stand-in for the GitHub REST endpoints cc-ci uses (no network): pull requests,
 * issue comments with real pagination (Link headers), reactions, commit statuses, run jobs.
 * Records every call; `failNext` makes a route answer with an error status a number of times.
 */
export class FakeGitHub {
  readonly calls: Call[] = [];
  comments: FakeComment[] = [];
  headSha = 'a'.repeat(40);
  jobs: { name: string; html_url: string }[] = [];
  private failures: { route: RegExp; status: number; message: string; times: number }[] = [];
  private server?: Server;
  url = '';

  failNext(route: RegExp, status: number, times = 1, message = status === 403 ? 'Resource not accessible by integration' : 'Server Error'): void {
    this.failures.push({ route, status, message, times });
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
      return send(failure.status, { message: failure.message });
    }
    let m: RegExpMatchArray | null;
    if ((m = key.match(/^GET \/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)$/))) {
      return send(200, { number: Number(m[3]), head: { sha: this.headSha, repo: { full_name: `${m[1]}/${m[2]}` } }, base: { repo: { full_name: `${m[1]}/${m[2]}` } } });
    }
    if (/^POST \/repos\/[^/]+\/[^/]+\/issues\/comments\/\d+\/reactions$/.test(key)) return send(201, { id: 1, content: body?.content });
    if ((m = key.match(/^GET (\/repos\/[^/]+\/[^/]+\/issues\/\d+\/comments)$/))) {
      const perPage = Number(url.searchParams.get('per_page') ?? 30);
      const page = Number(url.searchParams.get('page') ?? 1);
      const last = Math.max(1, Math.ceil(this.comments.length / perPage));
      const link: Record<string, string> = page < last ? { link: `<${this.url}${m[1]}?per_page=${perPage}&page=${page + 1}>; rel="next", <${this.url}${m[1]}?per_page=${perPage}&page=${last}>; rel="last"` } : {};
      return send(200, this.comments.slice((page - 1) * perPage, page * perPage), link);
    }
    if (/^POST \/repos\/[^/]+\/[^/]+\/issues\/\d+\/comments$/.test(key)) {
      const c: FakeComment = { id: 1000 + this.comments.length, body: String(body?.body), user: { login: 'github-actions[bot]', type: 'Bot' } };
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
    if (/^GET \/repos\/[^/]+\/[^/]+\/actions\/runs\/\d+\/jobs$/.test(key)) return send(200, { total_count: this.jobs.length, jobs: this.jobs });
    send(404, { message: 'Not Found' });
  }
}
