// Counts the storage requests of the served app: a pass-through HTTP proxy in front of Azurite.
//   node storage-proxy.mjs NAME:LISTEN_PORT:TARGET_PORT ...   (e.g. blob:20000:10000 table:20002:10002)
// GET /__count on any of its ports answers {"total":N,"byService":{...},"byRoute":{"GET blob /acct/container":N,...}}.
// Requests and answers pass unchanged (Azurite checks the SharedKey signature, which does not cover Host).
import http from 'node:http';

const counts = { total: 0, byService: {}, byRoute: {} };
for (const spec of process.argv.slice(2)) {
  const [name, listen, target] = spec.split(':');
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  http.createServer((req, res) => {
    if (req.url === '/__count') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(counts));
      return;
    }
    counts.total++;
    counts.byService[name] = (counts.byService[name] ?? 0) + 1;
    const route = `${req.method} ${name} ${req.url.split('?')[0].split('/').slice(0, 3).join('/')}`;
    counts.byRoute[route] = (counts.byRoute[route] ?? 0) + 1;
    const upstream = http.request({ host: '127.0.0.1', port: Number(target), method: req.method, path: req.url, headers: req.headers, agent }, answer => {
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', e => { res.writeHead(502); res.end(String(e)); });
    req.pipe(upstream);
  }).listen(Number(listen), '127.0.0.1', () => console.log(`${name}: 127.0.0.1:${listen} -> ${target}`));
}
