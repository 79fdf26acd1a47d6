/** Lets a stream go that will not be sent: destroyed if it is one, its iterator closed if not. */
export function dropStream(stream: AsyncIterable<unknown>): void {
  const destroyable = stream as { destroy?: unknown };
  if (typeof destroyable.destroy === 'function') {
    (destroyable as { destroy(): void }).destroy();
    return;
  }
  try {
    void stream[Symbol.asyncIterator]().return?.()?.catch(() => undefined);
  } catch {
    // An iterator that cannot even be closed holds nothing we could release.
  }
}

/** Drops the streamed body of a response that will not be sent (late, or invalid). */
export function dropResponseBody(response: unknown): void {
  const body = (response as { body?: unknown } | null | undefined)?.body;
  if (typeof body === 'object' && body !== null && Symbol.asyncIterator in body) dropStream(body as AsyncIterable<unknown>);
}
