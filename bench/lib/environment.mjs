// What the numbers were measured on, stored with them in summary.json.
import { spawnSync } from 'node:child_process';
import os from 'node:os';

function firstLine(command, args, cwd) {
  if (!command) return null;
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 5000 });
  return `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n')[0] || null;
}

export function describeEnvironment({ repoRoot, load, nginxBinary }) {
  const commit = firstLine('git', ['rev-parse', '--short', 'HEAD'], repoRoot);
  const dirty = firstLine('git', ['status', '--porcelain'], repoRoot) !== null;
  return {
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? null,
    memoryGb: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    kernel: os.release(),
    loadGenerator: load.name === 'wrk' ? firstLine(load.binary, ['-v'])?.replace(/ Copyright.*$/, '') : 'autocannon (devDependency)',
    nginx: firstLine(nginxBinary, ['-v']),
    porticoCommit: commit ? `${commit}${dirty ? ' (uncommitted changes)' : ''}` : null,
  };
}
