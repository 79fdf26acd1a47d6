// nginx as the native reference proxy: one worker, keep-alive to the backend, no access log,
// the /bench/ prefix stripped like Portico's base path. Runs in the foreground from a temp prefix.
// With a second backend, /bench/lb/ goes to an upstream of both (round robin, the default), as
// Portico's load-balanced resource does (mode get-lb). With `websocket`, a location that relays
// WebSocket upgrades (the websocket scenario) under Portico's WS base path.
import fs from 'node:fs';
import path from 'node:path';
import { findExecutable } from './executables.mjs';
import { LB_PREFIX } from './lb-mode.mjs';

export function findNginx() {
  return process.env.NGINX_BIN || findExecutable('nginx', ['/usr/sbin']);
}

const TEMP_DIRS = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'];

// Portico keeps idle upstream connections too: neither side pays a connect per request.
const upstream = (name, ports) => `    upstream ${name} {
${ports.map((p) => `        server 127.0.0.1:${p};`).join('\n')}
        keepalive 128;
        keepalive_requests 1000000;
        keepalive_timeout 60s;
    }
`;

// `connection`: "" keeps upstream connections alive for plain HTTP; "upgrade" passes a
// WebSocket handshake on (nginx drops hop-by-hop headers unless set again).
const location = (prefix, target, { connection = '""', extra = [] } = {}) => `        location ${prefix} {
            proxy_pass ${target};
            proxy_http_version 1.1;
            proxy_set_header Connection ${connection};
            proxy_set_header Host $proxy_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-Host $http_host;
${extra.map((line) => `            ${line}\n`).join('')}        }
`;

// An upgraded connection is idle between messages (the idle part holds them for minutes): nginx's
// 60 s read/send timeouts would close it. An hour outlasts any run the options allow.
const WEBSOCKET_TIMEOUT = '3600s';
const DEFAULT_WORKER_CONNECTIONS = 4096;

/** websocket: {prefix, connections}: `prefix/x` -> `/x` on the backend; `connections` held at most. */
function websocketParts(websocket) {
  if (!websocket) return { location: '', workerConnections: DEFAULT_WORKER_CONNECTIONS, rlimit: '' };
  const extra = ['proxy_set_header Upgrade $http_upgrade;', `proxy_read_timeout ${WEBSOCKET_TIMEOUT};`, `proxy_send_timeout ${WEBSOCKET_TIMEOUT};`];
  // Each relayed connection takes two: the client's and the backend's (plus a margin for the listener).
  const workerConnections = Math.max(DEFAULT_WORKER_CONNECTIONS, 2 * websocket.connections + 64);
  return {
    location: location(`${websocket.prefix}/`, 'http://bench_backend/', { connection: '"upgrade"', extra }),
    workerConnections,
    rlimit: `worker_rlimit_nofile ${workerConnections};\n`,
  };
}

function config(dir, port, backendPort, lbBackendPorts, websocket) {
  const temp = (name) => path.join(dir, `${name}_temp`);
  // /bench/lb/items -> /lb/items on either backend (the longest matching prefix wins in nginx).
  const lb = lbBackendPorts
    ? { upstream: upstream('bench_lb', lbBackendPorts), location: location(`/bench${LB_PREFIX}`, `http://bench_lb${LB_PREFIX}`) }
    : { upstream: '', location: '' };
  const ws = websocketParts(websocket);
  return `worker_processes 1;
${ws.rlimit}pid ${path.join(dir, 'nginx.pid')};
error_log ${path.join(dir, 'error.log')} warn;
events { worker_connections ${ws.workerConnections}; }
http {
    access_log off;
    tcp_nodelay on;
    # Neither side recycles connections (Portico's pools never do).
    keepalive_timeout 65s;
    keepalive_requests 1000000;
    client_max_body_size 0;
    client_body_temp_path ${temp('client_body')};
    proxy_temp_path ${temp('proxy')};
    fastcgi_temp_path ${temp('fastcgi')};
    uwsgi_temp_path ${temp('uwsgi')};
    scgi_temp_path ${temp('scgi')};
${upstream('bench_backend', [backendPort])}${lb.upstream}    server {
        listen 127.0.0.1:${port};
${location('/bench/', 'http://bench_backend/')}${lb.location}${ws.location}    }
}
`;
}

/**
 * Writes the prefix directory and starts nginx in the foreground; returns the child process.
 * lbBackendPorts (optional): the two backends of the load-balanced location.
 * websocket (optional): {prefix, connections}: a WebSocket location `prefix/` to the backend,
 * sized for `connections` relayed at once.
 */
export function startNginx(children, { binary, dir, port, backendPort, lbBackendPorts, websocket }) {
  // Workers may run as another user when started by root: let them use the temp dirs.
  fs.chmodSync(dir, 0o755);
  for (const name of TEMP_DIRS) fs.mkdirSync(path.join(dir, `${name}_temp`), { mode: 0o777 });
  for (const name of TEMP_DIRS) fs.chmodSync(path.join(dir, `${name}_temp`), 0o777);
  const file = path.join(dir, 'nginx.conf');
  fs.writeFileSync(file, config(dir, port, backendPort, lbBackendPorts, websocket));
  return children.start('nginx', binary, ['-p', `${dir}/`, '-e', path.join(dir, 'error.log'), '-c', file, '-g', 'daemon off;']);
}
