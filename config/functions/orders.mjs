// Handler of the Orders API for PRODUCTION keys (the `function` connector, see README
// "Writing a connector"). It keeps orders in memory: a redeploy that changes this file loads it
// afresh, and the list starts empty again.
const placed = [];

export default function orders(request) {
  const [, resource, id] = request.path.split('?')[0].split('/');
  if (resource !== 'orders') return { status: 404, body: { message: 'No such resource' } };
  if (id !== undefined) {
    const order = placed.find((o) => String(o.id) === id);
    return order === undefined ? { status: 404, body: { message: `No order ${id}` } } : { body: order };
  }
  if (request.method === 'GET') return { body: placed };
  let input;
  try {
    input = request.json();
  } catch {
    return { status: 400, body: { message: 'Send a JSON object' } };
  }
  if (typeof input?.item !== 'string' || !Number.isInteger(input.quantity) || input.quantity < 1) {
    return { status: 400, body: { message: 'An order needs an item (text) and a quantity (a whole number from 1)' } };
  }
  const order = { id: placed.length + 1, item: input.item, quantity: input.quantity, placedBy: request.principal?.subject ?? null };
  placed.push(order);
  return { status: 201, headers: { location: `/orders/v1/orders/${order.id}` }, body: order };
}

