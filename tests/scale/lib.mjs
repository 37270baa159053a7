// Helpers of the multi-server tests (tests/scale/*.mjs, scripts/scale.sh):
// `assay serve` processes on one bank given by URL (an SQLite file or
// PostgreSQL), stopped with SIGTERM or killed with SIGKILL; accounts made
// with `assay account add`; SQL counts through sqlite3 or psql; nginx in
// front of several servers with its own configuration in a temporary folder.
// Every child is killed when the process exits.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const children = new Set();
const killAll = () => { for (const c of children) try { c.kill('SIGKILL'); } catch {} };
process.on('exit', killAll);
for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => { killAll(); process.exit(130); });

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

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

export const isPg = (db) => /^postgres(ql)?:\/\//.test(db) || /(^|\s)(host|dbname)=/.test(db);

// `assay serve` on `db`: resolves when it prints its URL (60 s at most).
// port: a fixed one (a restarted server keeps its place behind nginx), else a free one.
export async function startAssay(assay, name, db, { args = [], env = {}, port = 0, log = null } = {}) {
  if (!port) port = await freePort();
  const child = spawn(assay, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let out = '', err = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { err += d; if (log) log.write(d); if (err.length > 1 << 20) err = err.slice(-(1 << 19)); });
  const exited = new Promise((resolve) => child.on('exit', (code, sig) => { children.delete(child); resolve({ code, sig }); }));
  const t0 = Date.now();
  while (!/serving on http:\/\/\S+/.test(out)) {
    if (child.exitCode !== null || child.signalCode !== null || Date.now() - t0 > 60000)
      throw new Error(`${name}: the server did not start: ${err.slice(-2000)}`);
    await sleep(20);
  }
  return {
    name, port, child, exited, base: `http://127.0.0.1:${port}`,
    log: () => err,
    async stop(deadlineMs = 15000) {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), deadlineMs);
      const r = await exited;
      clearTimeout(t);
      return r;
    },
    async kill9() {
      child.kill('SIGKILL');
      return exited;
    },
  };
}

// `assay account add NAME --role ROLE` with the password on stdin; throws on failure.
export function account(assay, db, name, role, password) {
  const r = spawnSync(assay, ['account', 'add', name, '--role', role, '--db', db], { input: password + '\n', encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`assay account add ${name}: exit ${r.status}: ${r.stderr}`);
}

// Rows of one SQL query (tab-separated fields), through sqlite3 or psql.
export function sql(db, query) {
  const r = isPg(db)
    ? spawnSync('psql', ['-X', '-At', '-F', '\t', '-v', 'ON_ERROR_STOP=1', '-d', db, '-c', query], { encoding: 'utf8', maxBuffer: 1 << 28 })
    : spawnSync('sqlite3', ['-readonly', '-separator', '\t', db.replace(/^sqlite:/, ''), query], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`sql ${query}: ${r.stderr}`);
  return r.stdout.split('\n').filter((l) => l !== '').map((l) => l.split('\t'));
}

// A minimal HTTP client with a cookie jar and the CSRF token. Every request is
// bounded by timeoutMs; a network error or timeout throws.
export function client(base, addr) {
  const jar = new Map();
  const c = {
    base, csrf: null,
    async req(method, p, { body, to = null, timeoutMs = 10000 } = {}) {
      const h = { 'X-Forwarded-For': addr };
      if (jar.size) h.Cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
      if (body !== undefined) h['Content-Type'] = 'application/json';
      if (c.csrf && method !== 'GET') h['X-CSRF-Token'] = c.csrf;
      const res = await fetch((to || c.base) + p, {
        method, headers: h, body: body !== undefined ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await res.text();
      for (const sc of res.headers.getSetCookie()) {
        const [kv] = sc.split(';');
        const [k, v] = kv.split('=');
        if (v) jar.set(k.trim(), v.trim()); else jar.delete(k.trim());
      }
      let json = null;
      try { json = JSON.parse(text); } catch {}
      if (json && json.csrf_token) c.csrf = json.csrf_token;
      return { status: res.status, text, json, headers: res.headers };
    },
  };
  return c;
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

// nginx (Debian's nginx-light) on a free loopback port in front of `ports`, its
// configuration, pid file, logs and temporary files in `dir`. A failed upstream
// is not retried by nginx for POST (the client retries with its request id).
export async function startNginx(dir, ports) {
  const bin = '/usr/sbin/nginx';
  const port = await freePort();
  fs.mkdirSync(dir, { recursive: true });
  const conf = path.join(dir, 'nginx.conf');
  fs.writeFileSync(conf, `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream assay {
${ports.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=2s;`).join('\n')}
    keepalive 32;
  }
  server {
    listen 127.0.0.1:${port};
    client_max_body_size 8m;
    location / {
      proxy_pass http://assay;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $http_x_forwarded_for;
      proxy_connect_timeout 2s;
      proxy_read_timeout 30s;
      proxy_next_upstream error timeout;
    }
  }
}
`);
  const child = spawn(bin, ['-c', conf, '-p', dir, '-e', `${dir}/error.log`], { stdio: ['ignore', 'ignore', 'pipe'] });
  children.add(child);
  let err = '';
  child.stderr.on('data', (d) => { err += d; });
  const exited = new Promise((resolve) => child.on('exit', (code, sig) => { children.delete(child); resolve({ code, sig }); }));
  const t0 = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx did not start: ${err} ${fs.existsSync(dir + '/error.log') ? fs.readFileSync(dir + '/error.log', 'utf8') : ''}`);
    const up = await new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.on('connect', () => { s.destroy(); resolve(true); });
      s.on('error', () => resolve(false));
    });
    if (up) break;
    if (Date.now() - t0 > 20000) throw new Error('nginx did not listen in 20 s');
    await sleep(50);
  }
  return {
    port, base: `http://127.0.0.1:${port}`, child,
    async stop() {
      child.kill('SIGQUIT');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    },
  };
}
