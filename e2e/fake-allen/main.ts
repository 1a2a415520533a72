// Placeholder until the fake Allen server lands (same session): health endpoint only.
import { createServer } from 'node:http';
const port = Number(process.argv[process.argv.indexOf('--port') + 1] || 4599);
createServer((_req, res) => {
  res.writeHead(200, { 'access-control-allow-origin': '*' });
  res.end('ok');
}).listen(port, '127.0.0.1');
