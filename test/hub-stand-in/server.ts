// A real HTTP server on 127.0.0.1 that answers the parts of the Hugging Face Hub API this app
// uses, so tests run the real @huggingface/hub client (through `hubUrl`) without the internet.
// Usage (see README.md beside this file):
//   const hub = await startHubStandIn();
//   hub.addRepo({ type: "dataset", id: "org/name", files: { "data/train.jsonl": "..." } });
//   await loadDataset("org/name", { hubUrl: hub.url }); ...; await hub.close();
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { findCommit, newCommit, storeFile, treeEntry, type Commit, type FileContent, type Repo, type RepoType, type StoredFile } from "./repos";

export type { FileContent, RepoType } from "./repos";

export interface StandInUser {
  name: string;
  token: string;
  orgs?: string[];
}

export interface AddRepoOptions {
  type: RepoType;
  /** "org/name", or a bare "name" like canonical datasets (eli5_category). */
  id: string;
  /** path → content on the main branch. */
  files: Record<string, FileContent>;
  /** path → content on refs/convert/parquet (the Hub's Parquet conversion: `{config}/{split}/NNNN.parquet`). */
  parquet?: Record<string, FileContent>;
  /** More branches or refs ("v2", "refs/pr/1"): name → path → content. */
  branches?: Record<string, Record<string, FileContent>>;
  private?: boolean;
  /** Gated: files answer 401 (no token) or 403 (not approved) with X-Error-Code GatedRepo, as the Hub does. */
  gated?: boolean;
  /** User names approved for a gated repo. */
  approved?: string[];
  /** Default: the part before "/" of the id, else the default user. */
  owner?: string;
}

export interface RecordedRequest {
  /** "hub", or "cdn" for the LFS download origin. */
  host: "hub" | "cdn";
  method: string;
  /** Decoded path with query. */
  url: string;
  range: string | null;
  status: number;
}

export interface HubStandIn {
  /** Base URL to pass as `hubUrl`. */
  readonly url: string;
  /** A valid token of the default user "tester" (member of org "stand-in-org"). */
  readonly token: string;
  readonly requests: RecordedRequest[];
  addUser(user: StandInUser): void;
  addRepo(repo: AddRepoOptions): { commit: string };
  /** The files at a revision (default main), e.g. to check what a push committed. */
  files(type: RepoType, id: string, revision?: string): Map<string, Uint8Array>;
  /** Requests that transferred file contents (GET …/resolve/… or of the CDN, not a 0-0 probe range). */
  contentRequests(): RecordedRequest[];
  /** Makes every request fail at the socket level, as if the Hub were unreachable. */
  setOffline(offline: boolean): void;
  /** Renames a repo: requests for the old id answer 307 to the new one (relative Location), as the Hub does. */
  renameRepo(type: RepoType, from: string, to: string): void;
  /** The next `count` Hub requests answer 429 with `Retry-After: retryAfter` (seconds). */
  rateLimit(count: number, retryAfter: number): void;
  close(): Promise<void>;
}

const DEFAULT_USER: StandInUser = { name: "tester", token: "hf_standin_tester_token_0123456789", orgs: ["stand-in-org"] };
const REPO_ACTIONS = new Set(["tree", "paths-info", "parquet", "preupload", "commit", "revision"]);

class HttpError extends Error {
  constructor(readonly status: number, message: string, readonly code?: string, readonly headers: Record<string, string> = {}) {
    super(message);
  }
}

/** A request for a renamed repo's old id. */
class Moved extends Error {
  constructor(readonly from: string, readonly to: string) {
    super(`moved to ${to}`);
  }
}

export interface StandInOptions {
  /** Entries per page of the tree API, which pages with a Link: rel="next" header like the Hub (default 1000). */
  treePageSize?: number;
  /**
   * Like the Hub, answer `resolve` of LFS files with a 302 to a signed URL on another origin (a second
   * server, "the CDN"), which refuses requests that carry an Authorization header, as S3 does. Default true.
   */
  cdnRedirects?: boolean;
}

export async function startHubStandIn(options: StandInOptions = {}): Promise<HubStandIn> {
  const pageSize = options.treePageSize ?? 1000;
  const cdnRedirects = options.cdnRedirects ?? true;
  let cdnUrl = "";
  const users = new Map<string, StandInUser>([[DEFAULT_USER.token, DEFAULT_USER]]);
  const repos = new Map<string, Repo>();
  const lfsUploads = new Map<string, Uint8Array>();
  const requests: RecordedRequest[] = [];
  let offline = false;
  let baseUrl = "";
  const moved = new Map<string, string>();
  const limit = { count: 0, retryAfter: 1 };

  const key = (type: RepoType, id: string): string => `${type}s/${id}`;

  function userOf(req: IncomingMessage): StandInUser | null {
    const auth = req.headers.authorization;
    if (!auth) return null;
    const user = users.get(auth.replace(/^Bearer\s+/i, ""));
    if (!user) throw new HttpError(401, "Invalid credentials in Authorization header");
    return user;
  }

  function canWrite(repoOwner: string, user: StandInUser | null): boolean {
    return user !== null && (user.name === repoOwner || (user.orgs ?? []).includes(repoOwner));
  }

  /** Like the Hub: a private repo the caller cannot read looks exactly like a missing one. */
  function readableRepo(type: RepoType, id: string, user: StandInUser | null): Repo {
    const repo = repos.get(key(type, id));
    const newId = moved.get(key(type, id));
    if (!repo && newId) throw new Moved(id, newId);
    if (!repo || (repo.private && !canWrite(repo.owner, user))) {
      throw new HttpError(user ? 404 : 401, "Repository not found", "RepoNotFound");
    }
    return repo;
  }

  function commitOf(repo: Repo, revision: string): Commit {
    const commit = findCommit(repo, revision);
    if (!commit) throw new HttpError(404, `Invalid rev id: ${revision}`, "RevisionNotFound");
    return commit;
  }

  /** Splits "<id>/<action>/<rev>/<rest>" where id has 1 or 2 segments and rev may be "refs/x/y" unencoded. */
  function splitRepoPath(segs: string[], actions: Set<string>): { id: string; action: string | null; rev: string | null; rest: string[] } {
    const at = [1, 2].find((i) => actions.has(segs[i] ?? ""));
    if (at === undefined) return { id: segs.join("/"), action: null, rev: null, rest: [] };
    const tail = segs.slice(at + 1);
    const revLength = tail[0] === "refs" ? 3 : 1;
    return { id: segs.slice(0, at).join("/"), action: segs[at], rev: tail.length ? tail.slice(0, revLength).join("/") : null, rest: tail.slice(revLength) };
  }

  function addCommit(repo: Repo, branch: string, title: string, mutate: (files: Map<string, StoredFile>) => void): Commit {
    const head = repo.refs.get(branch)?.at(-1);
    const files = new Map(head?.files ?? []);
    mutate(files);
    const commit = newCommit(title, files);
    repo.refs.set(branch, [...(repo.refs.get(branch) ?? []), commit]);
    return commit;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", baseUrl);
    const segs = url.pathname.split("/").slice(1).map(decodeURIComponent);
    const method = req.method ?? "GET";
    const user = userOf(req);

    if (segs[0] === "api" && segs[1] === "whoami-v2") {
      if (!user) throw new HttpError(401, "Invalid credentials in Authorization header");
      return json(res, 200, {
        type: "user",
        id: `id-${user.name}`,
        name: user.name,
        fullname: user.name,
        email: `${user.name}@example.invalid`,
        emailVerified: true,
        isPro: false,
        canPay: false,
        avatarUrl: "",
        periodEnd: null,
        billingMode: "prepaid",
        orgs: (user.orgs ?? []).map((name) => ({ type: "org", id: `id-${name}`, name, fullname: name, email: null, canPay: false, avatarUrl: "", periodEnd: null })),
        auth: { type: "access_token", accessToken: { displayName: "stand-in", role: "write", createdAt: "2026-01-01T00:00:00.000Z" } },
      });
    }

    if (segs[0] === "api" && segs[1] === "repos" && segs[2] === "create" && method === "POST") {
      if (!user) throw new HttpError(401, "Invalid credentials in Authorization header");
      const body = JSON.parse(await readBody(req)) as { name: string; organization?: string; type?: RepoType; private?: boolean; visibility?: string };
      const owner = body.organization ?? user.name;
      if (!canWrite(owner, user)) throw new HttpError(403, `You don't have the rights to create a repo under ${owner}`);
      const type = body.type ?? "model";
      const id = `${owner}/${body.name}`;
      const repoUrl = `${baseUrl}/${type === "dataset" ? "datasets/" : ""}${id}`;
      if (repos.has(key(type, id))) return json(res, 409, { error: "You already created this repo", url: repoUrl });
      const repo: Repo = { type, id, owner, private: body.private ?? body.visibility === "private", refs: new Map(), gated: false, approved: new Set() };
      repos.set(key(type, id), repo);
      addCommit(repo, "main", "initial commit", (files) => files.set(".gitattributes", storeFile(".gitattributes", "*.safetensors filter=lfs diff=lfs merge=lfs -text\n")));
      return json(res, 200, { url: repoUrl, name: id, id: `id-${id}` });
    }

    if (segs[0] === "api" && (segs[1] === "models" || segs[1] === "datasets")) {
      const type: RepoType = segs[1] === "models" ? "model" : "dataset";
      const { id, action, rev, rest } = splitRepoPath(segs.slice(2), REPO_ACTIONS);
      const repo = readableRepo(type, id, user);
      if (action === null || action === "revision") {
        const commit = commitOf(repo, rev ?? "main");
        return json(res, 200, { _id: `id-${id}`, id, private: repo.private, sha: commit.id, lastModified: commit.date, siblings: [...commit.files.keys()].map((rfilename) => ({ rfilename })) });
      }
      if (action === "tree") {
        const commit = commitOf(repo, rev ?? "main");
        const prefix = rest.join("/");
        const recursive = url.searchParams.get("recursive") === "true";
        const entries = new Map<string, Record<string, unknown>>();
        for (const file of commit.files.values()) {
          if (prefix && !file.path.startsWith(`${prefix}/`)) continue;
          const relative = file.path.slice(prefix ? prefix.length + 1 : 0);
          const slash = relative.indexOf("/");
          if (recursive || slash < 0) entries.set(file.path, treeEntry(file, url.searchParams.get("expand") === "true" ? commit : null));
          else {
            const dir = `${prefix ? `${prefix}/` : ""}${relative.slice(0, slash)}`;
            entries.set(dir, { type: "directory", oid: "0".repeat(40), size: 0, path: dir });
          }
          if (recursive) {
            for (let i = relative.indexOf("/"); i >= 0; i = relative.indexOf("/", i + 1)) {
              const dir = `${prefix ? `${prefix}/` : ""}${relative.slice(0, i)}`;
              entries.set(dir, { type: "directory", oid: "0".repeat(40), size: 0, path: dir });
            }
          }
        }
        if (prefix && entries.size === 0) throw new HttpError(404, `Entry not found: ${prefix}`, "EntryNotFound");
        const cursor = Number(url.searchParams.get("cursor") ?? 0);
        const page = [...entries.values()].slice(cursor, cursor + pageSize);
        if (cursor + pageSize < entries.size) {
          const next = new URL(url);
          next.searchParams.set("cursor", String(cursor + pageSize));
          res.setHeader("Link", `<${next.href}>; rel="next"`);
        }
        return json(res, 200, page);
      }
      if (action === "paths-info" && method === "POST") {
        const commit = commitOf(repo, rev ?? "main");
        const body = JSON.parse(await readBody(req)) as { paths: string[]; expand?: boolean };
        return json(res, 200, body.paths.flatMap((p) => {
          const file = commit.files.get(p);
          return file ? [treeEntry(file, body.expand ? commit : null)] : [];
        }));
      }
      if (action === "parquet" && type === "dataset") {
        const commit = findCommit(repo, "refs/convert/parquet");
        if (!commit) throw new HttpError(404, "The dataset has no Parquet conversion", "ParquetNotFound");
        const listing: Record<string, Record<string, string[]>> = {};
        for (const path of [...commit.files.keys()].sort()) {
          const m = /^([^/]+)\/(?:partial-)?([^/]+)\/[^/]+\.parquet$/.exec(path);
          if (!m) continue;
          ((listing[m[1]] ??= {})[m[2]] ??= []).push(`${baseUrl}/datasets/${id}/resolve/${encodeURIComponent("refs/convert/parquet")}/${path}`);
        }
        const [config, split] = rev === null ? [] : [rev, rest[0]];
        return json(res, 200, config === undefined ? listing : split === undefined ? (listing[config] ?? {}) : (listing[config]?.[split] ?? []));
      }
      if (action === "preupload" && method === "POST") {
        if (!canWrite(repo.owner, user)) throw new HttpError(403, "You don't have write access to this repo");
        const body = JSON.parse(await readBody(req)) as { files: { path: string; size: number }[] };
        return json(res, 200, { files: body.files.map((f) => ({ path: f.path, uploadMode: storeFile(f.path, "").lfsOid || f.size > 10_000_000 ? "lfs" : "regular", shouldIgnore: false })) });
      }
      if (action === "commit" && method === "POST") {
        if (!canWrite(repo.owner, user)) throw new HttpError(403, "You don't have write access to this repo");
        const lines = (await readBody(req)).split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l) as { key: string; value: Record<string, string> });
        const title = lines.find((l) => l.key === "header")?.value.summary ?? "commit";
        const commit = addCommit(repo, rev ?? "main", title, (files) => {
          for (const { key: kind, value } of lines) {
            if (kind === "file") files.set(value.path, storeFile(value.path, value.encoding === "base64" ? Buffer.from(value.content, "base64") : value.content));
            else if (kind === "lfsFile") {
              const bytes = lfsUploads.get(value.oid);
              if (!bytes) throw new HttpError(400, `LFS object ${value.oid} was never uploaded`);
              files.set(value.path, storeFile(value.path, bytes));
            } else if (kind === "deletedFile") files.delete(value.path);
            else if (kind === "deletedFolder") for (const p of [...files.keys()]) if (p.startsWith(`${value.path}/`)) files.delete(p);
          }
        });
        return json(res, 200, { success: true, commitOid: commit.id, commitUrl: `${baseUrl}/${type === "dataset" ? "datasets/" : ""}${id}/commit/${commit.id}` });
      }
      throw new HttpError(404, `Unknown API route ${url.pathname}`);
    }

    if (segs[0] === "lfs-upload" && method === "PUT") {
      lfsUploads.set(segs[1], new Uint8Array(await readBytes(req)));
      res.writeHead(200).end();
      return;
    }

    // /{datasets/}<id>.git/info/lfs/objects/batch and /{datasets/}<id>/resolve/<rev>/<path>
    const type: RepoType = segs[0] === "datasets" ? "dataset" : "model";
    const repoSegs = type === "dataset" ? segs.slice(1) : segs;
    const lfsAt = repoSegs.findIndex((s) => s.endsWith(".git"));
    if (lfsAt >= 0 && repoSegs.slice(lfsAt + 1).join("/") === "info/lfs/objects/batch" && method === "POST") {
      const id = [...repoSegs.slice(0, lfsAt), repoSegs[lfsAt].slice(0, -4)].join("/");
      const repo = readableRepo(type, id, user);
      if (!canWrite(repo.owner, user)) throw new HttpError(403, "You don't have write access to this repo");
      const body = JSON.parse(await readBody(req)) as { objects: { oid: string; size: number }[] };
      return json(res, 200, {
        transfer: "basic",
        objects: body.objects.map((o) => ({ oid: o.oid, size: o.size, ...(!lfsUploads.has(o.oid) && { actions: { upload: { href: `${baseUrl}/lfs-upload/${o.oid}`, header: {} } } }) })),
      });
    }
    const { id, action, rev, rest } = splitRepoPath(repoSegs, new Set(["resolve"]));
    if (action === "resolve" && rev !== null && (method === "GET" || method === "HEAD")) {
      const repo = readableRepo(type, id, user);
      if (repo.gated && !canWrite(repo.owner, user) && !(user && repo.approved.has(user.name))) {
        const what = `${type} ${baseUrl}/${type === "dataset" ? "datasets/" : ""}${id}`;
        throw user
          ? new HttpError(403, `Access to ${what} is restricted and you are not in the authorized list. Visit ${baseUrl}/${id} to ask for access.`, "GatedRepo")
          : new HttpError(401, `Access to ${what} is restricted. You must have access to it and be authenticated to access it. Please log in.`, "GatedRepo");
      }
      const commit = commitOf(repo, rev);
      const file = commit.files.get(rest.join("/"));
      if (!file) throw new HttpError(404, "Entry not found", "EntryNotFound", { "X-Repo-Commit": commit.id });
      if (file.lfsOid && cdnRedirects) {
        const etag = `"${file.lfsOid}"`;
        res.writeHead(302, { Location: `${cdnUrl}/lfs/${file.lfsOid}?X-Amz-Signature=stand-in`, ETag: etag, "X-Linked-Etag": etag, "X-Linked-Size": file.bytes.byteLength, "X-Repo-Commit": commit.id }).end();
        return;
      }
      return sendBytes(req, res, file.bytes, `"${file.lfsOid ?? file.oid}"`, { "X-Repo-Commit": commit.id, ...(file.lfsOid && { "X-Linked-Etag": `"${file.lfsOid}"`, "X-Linked-Size": file.bytes.byteLength }) });
    }
    throw new HttpError(404, `Unknown route ${url.pathname}`);
  }

  /** The CDN: blobs by sha256 at /lfs/<oid>, for signed URLs only. */
  function handleCdn(req: IncomingMessage, res: ServerResponse): void {
    const oid = new URL(req.url ?? "/", cdnUrl).pathname.split("/")[2] ?? "";
    if (req.headers.authorization) {
      res.writeHead(400, { "Content-Type": "application/xml" }).end("<Error><Code>InvalidArgument</Code><Message>Only one auth mechanism allowed</Message></Error>");
      return;
    }
    for (const repo of repos.values()) {
      for (const commits of repo.refs.values()) {
        for (const c of commits) {
          for (const file of c.files.values()) if (file.lfsOid === oid) return sendBytes(req, res, file.bytes, `"${oid}"`, {});
        }
      }
    }
    res.writeHead(404).end();
  }

  const listener = (host: RecordedRequest["host"], handler: (req: IncomingMessage, res: ServerResponse) => void) => (req: IncomingMessage, res: ServerResponse) => {
    if (offline) {
      req.socket.destroy();
      return;
    }
    const record: RecordedRequest = { host, method: req.method ?? "GET", url: decodeURIComponent(req.url ?? "/"), range: req.headers.range ?? null, status: 0 };
    requests.push(record);
    res.on("finish", () => (record.status = res.statusCode));
    if (host === "hub" && limit.count > 0) {
      limit.count--;
      res.setHeader("X-Error-Message", "You have exceeded our hourly quotas for action: resolve. We invite you to retry later.");
      res.setHeader("Retry-After", String(limit.retryAfter));
      return json(res, 429, { error: "rate limited" });
    }
    handler(req, res);
  };
  const cdn = createServer(listener("cdn", handleCdn));
  const server = createServer(
    listener("hub", (req, res) => {
      handle(req, res).catch((error: unknown) => {
        if (error instanceof Moved) {
          const url = new URL(req.url ?? "/", baseUrl);
          const path = decodeURIComponent(url.pathname).replace(new RegExp(`/${error.from.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?=/|$)`), `/${error.to}`);
          res.writeHead(307, { Location: `${path.split("/").map(encodeURIComponent).join("/")}${url.search}` }).end();
        } else if (error instanceof HttpError) {
          res.setHeader("X-Error-Message", error.message);
          if (error.code) res.setHeader("X-Error-Code", error.code);
          for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
          json(res, error.status, { error: error.message });
        } else {
          json(res, 500, { error: String(error) });
        }
      });
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  await new Promise<void>((resolve) => cdn.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // "localhost" makes the CDN another origin than the Hub (127.0.0.1), as cdn-lfs.hf.co is.
  cdnUrl = `http://localhost:${(cdn.address() as AddressInfo).port}`;

  return {
    url: baseUrl,
    token: DEFAULT_USER.token,
    requests,
    addUser(user) {
      if (!user.token.startsWith("hf_")) throw new Error("Stand-in tokens must start with hf_, as the client requires");
      users.set(user.token, user);
    },
    addRepo(options) {
      const owner = options.owner ?? (options.id.includes("/") ? options.id.split("/")[0] : DEFAULT_USER.name);
      const repo: Repo = { type: options.type, id: options.id, owner, private: options.private ?? false, refs: new Map(), gated: options.gated ?? false, approved: new Set(options.approved) };
      repos.set(key(options.type, options.id), repo);
      const main = addCommit(repo, "main", "initial commit", (files) => {
        for (const [path, content] of Object.entries(options.files)) files.set(path, storeFile(path, content));
      });
      const branches = { ...options.branches, ...(options.parquet && { "refs/convert/parquet": options.parquet }) };
      for (const [branch, contents] of Object.entries(branches)) {
        addCommit(repo, branch, branch === "refs/convert/parquet" ? "Parquet conversion" : `commit on ${branch}`, (files) => {
          files.clear(); // a branch of its own, not main's files plus these
          for (const [path, content] of Object.entries(contents)) files.set(path, storeFile(path, content));
        });
      }
      return { commit: main.id };
    },
    files(type, id, revision = "main") {
      const repo = repos.get(key(type, id));
      const commit = repo && findCommit(repo, revision);
      if (!commit) throw new Error(`No ${type} repo ${id} at ${revision} in the stand-in`);
      return new Map([...commit.files].map(([p, f]) => [p, f.bytes]));
    },
    contentRequests() {
      return requests.filter((r) => r.method === "GET" && r.range !== "bytes=0-0" && (r.host === "cdn" || (r.url.includes("/resolve/") && r.status !== 302)));
    },
    setOffline(value) {
      offline = value;
    },
    renameRepo(type, from, to) {
      const repo = repos.get(key(type, from));
      if (!repo) throw new Error(`No ${type} repo ${from} in the stand-in`);
      repos.delete(key(type, from));
      repo.id = to;
      repos.set(key(type, to), repo);
      moved.set(key(type, from), to);
    },
    rateLimit(count, retryAfter) {
      limit.count = count;
      limit.retryAfter = retryAfter;
    },
    async close() {
      for (const s of [server, cdn]) {
        s.closeAllConnections();
        await new Promise<void>((resolve, reject) => s.close((err) => (err ? reject(err) : resolve())));
      }
    },
  };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) }).end(text);
}

/** Bytes with ETag, Range (206 / 416) and If-None-Match (304), as the Hub and its CDN answer. */
function sendBytes(req: IncomingMessage, res: ServerResponse, bytes: Uint8Array, etag: string, extra: Record<string, string | number>): void {
  const size = bytes.byteLength;
  const headers: Record<string, string | number> = { "Accept-Ranges": "bytes", ETag: etag, "Content-Type": "application/octet-stream", ...extra };
  if (req.headers["if-none-match"] === etag) {
    res.writeHead(304, headers).end();
    return;
  }
  const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? "");
  if (range && size > 0) {
    const start = range[1] === "" ? Math.max(0, size - Number(range[2])) : Number(range[1]);
    const end = range[1] === "" || range[2] === "" ? size - 1 : Math.min(Number(range[2]), size - 1);
    if (start > end || start >= size) {
      res.writeHead(416, { ...headers, "Content-Range": `bytes */${size}` }).end();
      return;
    }
    res.writeHead(206, { ...headers, "Content-Range": `bytes ${start}-${end}/${size}`, "Content-Length": end - start + 1 });
    res.end(req.method === "HEAD" ? undefined : bytes.subarray(start, end + 1));
    return;
  }
  res.writeHead(200, { ...headers, "Content-Length": size });
  res.end(req.method === "HEAD" ? undefined : bytes);
}

async function readBytes(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function readBody(req: IncomingMessage): Promise<string> {
  return (await readBytes(req)).toString("utf8");
}

