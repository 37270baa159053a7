// Shared helpers of the API integration tests of `assay serve` (api.mjs,
// assessor.mjs): the OpenAPI document and the check of every response against
// it (ajv, JSON Schema 2020-12) and the security headers; servers of the real
// binary on a free loopback port, stopped with SIGTERM (exit 0 within the
// grace period, else a failed check and SIGKILL); clients with a cookie jar,
// their own forwarded address and the CSRF token; sign-up and sign-in.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import YAML from 'yaml';

const here = path.dirname(fileURLToPath(import.meta.url));
let assay = null, work = null;

// Reads ASSAY and WORKDIR from the command line (usage names `script`) and empties WORKDIR.
export function init(script) {
  [assay, work] = process.argv.slice(2);
  if (!assay || !work) {
    console.error(`usage: node ${script} ASSAY WORKDIR`);
    process.exit(2);
  }
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
  return { assay, work };
}

// ---- the OpenAPI document and the validator ---------------------------------------------
export const doc = YAML.parse(fs.readFileSync(path.join(here, '../../docs/openapi.yaml'), 'utf8'));
const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
ajv.addSchema(doc, 'openapi.json');
const routes = Object.keys(doc.paths).map((p) => ({
  template: p,
  re: new RegExp('^' + p.replace(/\{[^}]+\}/g, '[^/]+') + '$'),
}));
const ptr = (s) => s.replace(/~/g, '~0').replace(/\//g, '~1');
const compiled = new Map();
function validatorFor(ref) {
  if (!compiled.has(ref)) compiled.set(ref, ajv.compile({ $ref: 'openapi.json#' + ref }));
  return compiled.get(ref);
}

// A request body checked against one of the document's schemas ('StartAttempt').
export const bodyValid = (schema, body) => validatorFor('/components/schemas/' + ptr(schema))(body);

// Counts of checks, failed checks and responses validated.
export const stats = { failures: 0, checks: 0, responses: 0 };
export function ok(cond, what) {
  stats.checks++;
  if (!cond) {
    stats.failures++;
    console.error('FAIL: ' + what);
  }
  return cond;
}

export const CSP_OK = (csp) => csp && !/unsafe-inline/.test(csp) && /frame-ancestors 'none'/.test(csp) &&
  !/script-src [^;]*(unsafe|\*)/.test(csp);

// Checks one response against the document and the header rules.
export function conform(method, url, res, text) {
  stats.responses++;
  const u = new URL(url);
  const where = `${method} ${u.pathname} ${res.status}`;
  const h = (n) => res.headers.get(n);
  ok(CSP_OK(h('content-security-policy')), `${where}: CSP without inline script/style: ${h('content-security-policy')}`);
  ok(h('x-content-type-options') === 'nosniff', `${where}: nosniff`);
  ok(h('referrer-policy') === 'no-referrer', `${where}: Referrer-Policy`);
  ok(h('cache-control') === 'no-store', `${where}: Cache-Control no-store`);
  ok(/^[0-9a-zA-Z-]{8,32}$/.test(h('x-request-id') || ''), `${where}: X-Request-Id`);
  const ctype = (h('content-type') || '').split(';')[0].trim();
  const route = routes.find((r) => r.re.test(u.pathname));
  let schemaRef = null;
  if (!route) {
    ok(res.status === 404, `${where}: an undocumented path answers 404`);
    schemaRef = '/components/schemas/Error';
  } else {
    const op = doc.paths[route.template][method === 'HEAD' ? 'get' : method.toLowerCase()];
    if (!op) {
      ok(res.status === 405, `${where}: an undocumented method answers 405`);
      ok(!!h('allow'), `${where}: 405 has Allow`);
      schemaRef = '/components/schemas/Error';
    } else {
      let resp = op.responses[String(res.status)];
      let base = `/paths/${ptr(route.template)}/${method === 'HEAD' ? 'get' : method.toLowerCase()}/responses/${res.status}`;
      if (!ok(!!resp, `${where}: status documented in openapi.yaml`)) return;
      if (res.status === 204) {
        ok(text === '' && !resp.content, `${where}: 204 has no body`);
        return;
      }
      if (resp.$ref) {
        base = resp.$ref.slice(1);
        resp = base.split('/').slice(1).reduce((o, k) => o[k.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
      }
      if (!ok(resp.content && resp.content[ctype], `${where}: content type ${ctype} documented`)) return;
      if (ctype !== 'application/json') return;
      schemaRef = `${base}/content/${ptr(ctype)}/schema`;
    }
  }
  if (!ok(ctype === 'application/json', `${where}: JSON body (${ctype})`)) return;
  let body;
  try {
    body = JSON.parse(text);
  } catch (e) {
    ok(false, `${where}: body is JSON: ${text.slice(0, 80)}`);
    return;
  }
  const v = validatorFor(schemaRef);
  ok(v(body), `${where}: body matches ${schemaRef}: ${JSON.stringify(v.errors)?.slice(0, 400)} body=${text.slice(0, 200)}`);
}

// ---- servers --------------------------------------------------------------------------
const children = new Set();
process.on('exit', () => { for (const c of children) try { c.kill('SIGKILL'); } catch {} });

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export async function startServer(name, args = [], env = {}) {
  const port = await freePort();
  const db = path.join(work, `${name}.db`);
  const child = spawn(assay, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let out = '', err = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { err += d; });
  const exited = new Promise((resolve) => child.on('exit', (code, sig) => resolve({ code, sig })));
  const started = Date.now();
  while (!/serving on (http:\/\/\S+)/.test(out)) {
    if (child.exitCode !== null || Date.now() - started > 60000)
      throw new Error(`${name}: server did not start: ${err}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const base = `http://127.0.0.1:${port}`;
  ok(out.includes(base), `${name}: prints its URL (${out.trim()})`);
  return {
    name, base, port, child, exited, db,
    log: () => err,
    async stop(deadlineMs = 15000) {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), deadlineMs);
      const r = await exited;
      clearTimeout(t);
      children.delete(child);
      ok(r.code === 0, `${name}: exits 0 after SIGTERM (code ${r.code}, signal ${r.sig})\n${err.slice(-2000)}`);
      return r;
    },
  };
}

// A client with a cookie jar, its own forwarded address (buckets apart) and its CSRF token.
export function client(srv, addr) {
  const jar = new Map();
  const c = {
    csrf: null,
    cookies: jar,
    lastSetCookie: null,
    async req(method, p, { body, raw, headers = {}, csrf = true, check = true } = {}) {
      const h = { 'X-Forwarded-For': addr, ...headers };
      if (jar.size) h.Cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
      if (body !== undefined || raw !== undefined) h['Content-Type'] ??= 'application/json';
      if (csrf && c.csrf && method !== 'GET') h['X-CSRF-Token'] = c.csrf;
      const url = srv.base + p;
      const res = await fetch(url, { method, headers: h, body: raw ?? (body !== undefined ? JSON.stringify(body) : undefined) });
      const text = await res.text();
      for (const sc of res.headers.getSetCookie()) {
        c.lastSetCookie = sc;
        const [kv] = sc.split(';');
        const [k, v] = kv.split('=');
        if (v) jar.set(k.trim(), v.trim()); else jar.delete(k.trim());
      }
      if (check) conform(method, url, res, text);
      let json = null;
      try { json = JSON.parse(text); } catch {}
      if (json && json.csrf_token) c.csrf = json.csrf_token;
      return { status: res.status, headers: res.headers, text, json };
    },
  };
  return c;
}

// Raw HTTP over a socket: for bodies larger than the cap and slow clients.
export function rawExchange(port, chunks, { gapMs = 0, waitMs = 5000 } = {}) {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    let data = '', closedAt = null, i = 0, timer = null;
    const t0 = Date.now();
    const next = () => {
      if (i < chunks.length && !s.destroyed) {
        s.write(chunks[i++], () => {});
        timer = setTimeout(next, gapMs);
      }
    };
    s.on('connect', next);
    s.on('data', (d) => { data += d; });
    s.on('error', () => {});
    s.on('close', () => {
      closedAt = Date.now() - t0;
      clearTimeout(timer);
      clearTimeout(giveUp);
      resolve({ data, closedAt, sent: i });
    });
    const giveUp = setTimeout(() => { s.destroy(); }, waitMs);
  });
}

export function deepKeys(v, out = new Set()) {
  if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) { out.add(k); deepKeys(x, out); }
  return out;
}

export function answerFor(q) {
  switch (q.type) {
    case 'mcq': return { choice: 0 };
    case 'tf': return { truth: true };
    case 'match': return { pairs: q.left.map((_, i) => i) };
    case 'scenario': return q.options ? { choice: 0 } : { text: '캐시를 두고 읽기를 나눈다' };
    default: return { text: '모름' };
  }
}


// A client signed up as `name` (201) or, when the name is taken, signed in.
export async function signUp(srv, addr, name, password) {
  const c = client(srv, addr);
  let r = await c.req('POST', '/api/v1/accounts', { body: { name, password } });
  if (r.status === 409) r = await c.req('POST', '/api/v1/session', { body: { name, password } });
  ok(r.status === 201 || r.status === 200, `${name} signs up or in (${r.status})`);
  return c;
}

// A client signed in as `name` (200).
export async function signIn(srv, addr, name, password) {
  const c = client(srv, addr);
  const r = await c.req('POST', '/api/v1/session', { body: { name, password } });
  ok(r.status === 200 && r.json.user === name, `${name} signs in (${r.status})`);
  return c;
}
