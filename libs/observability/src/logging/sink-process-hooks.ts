/** What the process hooks need of an open log sink. */
export interface HookedSink {
  flushSync(): void;
  reopen(): void;
}

const open = new Set<HookedSink>();
const files = new Set<HookedSink>();

/**
 * Lines still buffered when the process exits — after `process.exit()`, or an uncaught exception
 * that ends it — are written synchronously: the 'exit' event allows no more asynchronous work.
 */
function flushAll(): void {
  for (const sink of open) {
    try {
      sink.flushSync();
    } catch {
      // Not open yet, or its file is gone: nothing can be saved at this point.
    }
  }
}

/** logrotate moves the file and sends SIGHUP: each file sink opens its path again, creating a new file. */
function reopenAll(): void {
  for (const sink of files) sink.reopen();
}

/** Hooks a sink to the process: flushed at exit, and reopened on SIGHUP when it writes a file. */
export function hookSink(sink: HookedSink, file: boolean): void {
  if (open.size === 0) process.on('exit', flushAll);
  open.add(sink);
  if (!file) return;
  // A SIGHUP listener replaces the default action (terminate), so it is there only while files are open.
  if (files.size === 0) process.on('SIGHUP', reopenAll);
  files.add(sink);
}

export function unhookSink(sink: HookedSink): void {
  open.delete(sink);
  if (open.size === 0) process.off('exit', flushAll);
  if (files.delete(sink) && files.size === 0) process.off('SIGHUP', reopenAll);
}
