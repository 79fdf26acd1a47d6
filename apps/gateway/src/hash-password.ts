/**
 * Prints the scrypt hash of a password for `admin.users[].passwordHash` and `security.testKey.users[].passwordHash`.
 *   node dist/apps/gateway/src/hash-password.js 's3cret'
 *   printf '%s' 's3cret' | node dist/apps/gateway/src/hash-password.js   (keeps it out of the shell history)
 */
import { hashPassword } from '#core';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

const password = process.argv[2] ?? (await readStdin());
if (password === '') {
  console.error('usage: hash-password <password>   (or the password on standard input)');
  process.exit(2);
}
console.log(await hashPassword(password));
