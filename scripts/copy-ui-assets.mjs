// Copies the dashboard's files (libs/admin/ui-assets/) next to the compiled admin lib, where
// DashboardAssets finds them (dist/libs/admin/ui-assets/): tsc copies no HTML, CSS or JS of
// its own, and the Docker image holds dist/ only. The folder is replaced, so a file deleted from
// the sources is gone from dist too. Plain Node, no dependencies.
import { cpSync, existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const from = fileURLToPath(new URL('../libs/admin/ui-assets/', import.meta.url));
const to = fileURLToPath(new URL('../dist/libs/admin/ui-assets/', import.meta.url));

rmSync(to, { recursive: true, force: true });
if (existsSync(from)) {
  cpSync(from, to, { recursive: true });
} else {
  console.warn(`copy-ui-assets: ${from} does not exist; the dashboard (/ui) will answer 404`);
}
