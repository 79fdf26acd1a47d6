// Checks that a target answers both benchmark requests correctly before it is measured, so a
// misrouted proxy cannot produce fast but meaningless numbers.
import { ITEMS_BODY, POST_BODY } from './payloads.mjs';

export async function smokeTest(target) {
  const signal = AbortSignal.timeout(10_000);
  const get = await fetch(target.url('get'), { signal });
  const items = Buffer.from(await get.arrayBuffer());
  if (get.status !== 200 || !items.equals(ITEMS_BODY)) {
    throw new Error(`${target.name}: GET ${target.url('get')} answered ${get.status} with ${items.length} bytes (${items.subarray(0, 200)})`);
  }
  const post = await fetch(target.url('post'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: POST_BODY, signal });
  const echoed = Buffer.from(await post.arrayBuffer());
  if (post.status !== 200 || !echoed.equals(POST_BODY)) {
    throw new Error(`${target.name}: POST ${target.url('post')} answered ${post.status} with ${echoed.length} bytes (${echoed.subarray(0, 200)})`);
  }
}
