// CPU time and resident memory of processes, read from /proc (Linux only).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

function statFields(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: fields start after the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** User + system CPU seconds used so far by the processes (all their threads). */
export function cpuSeconds(pids) {
  let ticks = 0;
  for (const pid of pids) {
    const f = statFields(pid);
    if (f) ticks += Number(f[11]) + Number(f[12]); // utime, stime (fields 14 and 15 of stat)
  }
  return ticks / CLK_TCK;
}

/** Resident set size in bytes (VmRSS of /proc/<pid>/status), summed over the processes. */
export function rssBytes(pids) {
  let kb = 0;
  for (const pid of pids) {
    try {
      const m = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) kb += Number(m[1]);
    } catch {
      /* process gone */
    }
  }
  return kb * 1024;
}

/** The pid and its descendants (nginx: master and workers). */
export function processTree(rootPid) {
  const children = new Map();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const f = statFields(entry);
    if (!f) continue;
    const ppid = Number(f[1]);
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid).push(Number(entry));
  }
  const tree = [rootPid];
  for (let i = 0; i < tree.length && i < 1000; i++) tree.push(...(children.get(tree[i]) ?? []));
  return tree;
}

/** Samples RSS every intervalMs until stopped; keeps the peak and the sample count. */
export class RssSampler {
  #timer;
  peak = 0;
  samples = 0;

  constructor(pids, intervalMs = 250) {
    this.pids = pids;
    this.#sample();
    this.#timer = setInterval(() => this.#sample(), intervalMs);
  }

  #sample() {
    const rss = rssBytes(this.pids);
    if (rss > this.peak) this.peak = rss;
    this.samples++;
  }

  stop() {
    clearInterval(this.#timer);
    this.#sample();
    return { peakBytes: this.peak, samples: this.samples };
  }
}

export const MB = 1024 * 1024;
