// Handler of the Orders API for SANDBOX keys: the same interface, canned answers, nothing kept.
const SAMPLE = { id: 1, item: 'sample widget', quantity: 2, placedBy: 'sandbox' };

export default function sandboxOrders(request) {
  const path = request.path.split('?')[0];
  if (request.method === 'POST') return { status: 201, headers: { location: '/orders/v1/orders/1' }, body: { ...SAMPLE, sandbox: true } };
  if (path === '/orders') return { body: [{ ...SAMPLE, sandbox: true }] };
  return { body: { ...SAMPLE, sandbox: true } };
}
