// nginx as the native reference proxy: one worker, keep-alive to the backend, no access log,
// the /bench/ prefix stripped like Portico's base path. Runs in the foreground from a temp prefix.
// With a second backend, /bench/lb/ goes to an upstream of both (round robin, the default), as
// Portico's load-balanced resource does (mode get-lb).
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

const location = (prefix, target) => `        location ${prefix} {
            proxy_pass ${target};
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $proxy_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-Host $http_host;
        }
`;

function config(dir, port, backendPort, lbBackendPorts) {
  const temp = (name) => path.join(dir, `${name}_temp`);
  // /bench/lb/items -> /lb/items on either backend (the longest matching prefix wins in nginx).
  const lb = lbBackendPorts
    ? { upstream: upstream('bench_lb', lbBackendPorts), location: location(`/bench${LB_PREFIX}`, `http://bench_lb${LB_PREFIX}`) }
    : { upstream: '', location: '' };
  return `worker_processes 1;
pid ${path.join(dir, 'nginx.pid')};
error_log ${path.join(dir, 'error.log')} warn;
events { worker_connections 4096; }
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
${location('/bench/', 'http://bench_backend/')}${lb.location}    }
}
`;
}

/**
 * Writes the prefix directory and starts nginx in the foreground; returns the child process.
 * lbBackendPorts (optional): the two backends of the load-balanced location.
 */
export function startNginx(children, { binary, dir, port, backendPort, lbBackendPorts }) {
  // Workers may run as another user when started by root: let them use the temp dirs.
  fs.chmodSync(dir, 0o755);
  for (const name of TEMP_DIRS) fs.mkdirSync(path.join(dir, `${name}_temp`), { mode: 0o777 });
  for (const name of TEMP_DIRS) fs.chmodSync(path.join(dir, `${name}_temp`), 0o777);
  const file = path.join(dir, 'nginx.conf');
  fs.writeFileSync(file, config(dir, port, backendPort, lbBackendPorts));
  return children.start('nginx', binary, ['-p', `${dir}/`, '-e', path.join(dir, 'error.log'), '-c', file, '-g', 'daemon off;']);
}
