// The bench's tiny HTTP server on 127.0.0.1 (port 0): serves the repo files
// the page needs (pkg/, dist/, bench/) cross-origin isolated (COOP + COEP, so
// performance.now() has Chromium's fine resolution), and answers
// `POST /events/<name>` with 204, counting requests and bytes per name.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.map': 'application/json',
};
const SERVED = ['pkg/', 'dist/', 'bench/page/', 'bench/lib/strings.mjs', 'bench/out/'];
const ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

/**
 * Starts the server. `record(name)` says whether to keep the bodies posted to
 * `/events/<name>` (for the correctness check).
 */
export function startServer(root, { record = () => false } = {}) {
  const counts = new Map(); // name -> { requests, bodyBytes, wireBytes, bodies: [] }
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (req.method === 'POST' && url.pathname.startsWith('/events/')) {
      const name = url.pathname.slice('/events/'.length);
      const chunks = [];
      req.on('data', c => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        let c = counts.get(name);
        if (!c) counts.set(name, (c = { requests: 0, bodyBytes: 0, wireBytes: 0, bodies: [] }));
        c.requests++;
        c.bodyBytes += body.length;
        // Request line + headers as sent (HTTP/1.1 framing), + body.
        let head = `${req.method} ${req.url} HTTP/${req.httpVersion}\r\n`;
        for (let i = 0; i < req.rawHeaders.length; i += 2) head += `${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}\r\n`;
        c.wireBytes += Buffer.byteLength(head + '\r\n') + body.length;
        if (record(name)) c.bodies.push(body.toString('utf8'));
        res.writeHead(204, ISOLATION);
        res.end();
      });
      return;
    }
    if (req.method !== 'GET') {
      res.writeHead(405, ISOLATION);
      res.end();
      return;
    }
    let rel = decodeURIComponent(url.pathname).replace(/^\/+/, '');
    if (rel === '' ) rel = 'bench/page/index.html';
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.resolve(root, rel);
    const allowed = SERVED.some(p => rel.startsWith(p) || rel === p) && file.startsWith(root + path.sep);
    if (!allowed || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { ...ISOLATION, 'Content-Type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { ...ISOLATION, 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  server.keepAliveTimeout = 30_000;
  return new Promise(resolve => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        origin: `http://127.0.0.1:${port}`,
        counts,
        count: name => counts.get(name) ?? { requests: 0, bodyBytes: 0, wireBytes: 0, bodies: [] },
        close: () => new Promise(r => { server.closeAllConnections?.(); server.close(() => r()); }),
      });
    });
  });
}
