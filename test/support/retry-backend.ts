import { type RecordedRequest, startBackend } from '#testing';

/** One answer of a scripted backend. */
export interface ScriptedAnswer {
  readonly status: number;
  /** Added to the answer; every answer also carries `x-attempt: <n>` (1-based, per path). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Default `<status> from attempt <n>`, so a test can tell which try's body the client got. */
  readonly body?: string;
  /** Wait this long before answering (after the whole request body arrived). */
  readonly delayMs?: number;
}

/**
 * A real HTTP backend whose answers are scripted per path: the n-th request to a path gets the
 * n-th answer, and the last answer repeats. "Fails twice, then succeeds" is
 * `[{ status: 503 }, { status: 503 }, { status: 200 }]`. It keeps every request per path, so a
 * test counts the tries the gateway made and reads what each of them carried.
 */
export interface ScriptedBackend {
  readonly url: string;
  /** Replaces the script of `path` (no query) and forgets the requests it saw so far. */
  script(path: string, answers: readonly ScriptedAnswer[]): void;
  /** Requests to `path` since it was last scripted, in arrival order. */
  attempts(path: string): readonly RecordedRequest[];
  close(): Promise<void>;
}

interface PathScript {
  readonly answers: readonly ScriptedAnswer[];
  readonly seen: RecordedRequest[];
}

export async function startScriptedBackend(): Promise<ScriptedBackend> {
  const scripts = new Map<string, PathScript>();
  const backend = await startBackend((req, res, body) => {
    const path = (req.url ?? '').split('?')[0];
    const script = scripts.get(path);
    if (script === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end(`unscripted path ${path}`);
      return;
    }
    script.seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
    const attempt = script.seen.length;
    const answer = script.answers[Math.min(attempt, script.answers.length) - 1];
    const respond = (): void => {
      res.writeHead(answer.status, { 'content-type': 'text/plain', 'x-attempt': String(attempt), ...answer.headers });
      res.end(answer.body ?? `${answer.status} from attempt ${attempt}`);
    };
    // unref: a try the gateway gave up on must not keep the test process alive until its delay ends.
    if (answer.delayMs === undefined) respond();
    else setTimeout(respond, answer.delayMs).unref();
  });
  return {
    url: backend.url,
    script: (path, answers) => {
      if (answers.length === 0) throw new Error(`script for ${path} has no answers`);
      scripts.set(path, { answers, seen: [] });
    },
    attempts: (path) => scripts.get(path)?.seen ?? [],
    close: () => backend.close(),
  };
}
