// Command-line values of the bench scenarios, checked with a message naming the flag.

export function integer(flag, raw, min, max) {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${flag}: expected an integer from ${min} to ${max}, got ${raw}`);
  return n;
}

export function oneOf(flag, raw, allowed) {
  if (!allowed.includes(raw)) throw new Error(`${flag}: expected one of ${allowed.join(', ')}, got ${raw}`);
  return raw;
}

/** A comma-separated subset of `allowed`, in `allowed`'s order. */
export function list(flag, raw, allowed) {
  const items = [...new Set(raw.split(',').map((s) => s.trim()).filter(Boolean))];
  const unknown = items.filter((s) => !allowed.includes(s));
  if (items.length === 0 || unknown.length > 0) throw new Error(`${flag}: expected some of ${allowed.join(',')}, got ${raw}`);
  return allowed.filter((s) => items.includes(s));
}
