import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { handlerDirectory, type HandlerDirectory } from './function-test-kit.spec-support.js';
import { locateModule } from './module-file.js';

describe('locating a handler module inside the function directory', () => {
  let root: HandlerDirectory;
  let dir: string;

  beforeEach(() => {
    // The function directory is a child of the temp dir, so there is an "outside" to escape to.
    root = handlerDirectory();
    dir = join(root.dir, 'functions');
    mkdirSync(dir);
    writeFileSync(join(root.dir, 'escape.mjs'), 'export default () => ({ body: "outside" });');
    writeFileSync(join(dir, 'orders.mjs'), 'export default () => ({});');
  });

  afterEach(() => root.remove());

  it('finds a module by its name and versions it by mtime and size', async () => {
    const found = await locateModule(dir, 'orders.mjs');
    expect(found).toEqual({ file: { path: expect.stringMatching(/functions[\\/]orders\.mjs$/), version: expect.stringMatching(/^[\d.]+-26$/) } });
  });

  it('finds modules in sub-directories and through links that stay inside', async () => {
    mkdirSync(join(dir, 'v2'));
    writeFileSync(join(dir, 'v2', 'orders.js'), 'module.exports = () => ({});');
    symlinkSync(join(dir, 'orders.mjs'), join(dir, 'alias.mjs'));
    expect(await locateModule(dir, 'v2/orders.js')).toHaveProperty('file');
    expect(await locateModule(dir, 'alias.mjs')).toEqual({ file: expect.objectContaining({ path: expect.stringMatching(/orders\.mjs$/) }) });
  });

  it.each([
    ['../escape.mjs', 'without ..'],
    ['v2/../../escape.mjs', 'without ..'],
    ['..\\escape.mjs', 'without ..'],
    ['/etc/passwd.mjs', 'not an absolute path'],
    ['C:/functions/orders.mjs', 'not an absolute path'],
    ['orders.ts', 'must be a .mjs or .js file'],
    ['orders.cjs', 'must be a .mjs or .js file'],
    ['orders', 'must be a .mjs or .js file'],
  ])('refuses %s', async (module, why) => {
    expect(await locateModule(dir, module)).toEqual({ problem: { code: 'function.module-path-invalid', message: expect.stringContaining(why) } });
  });

  it('refuses a symbolic link that leads out of the directory', async () => {
    symlinkSync(join(root.dir, 'escape.mjs'), join(dir, 'escape.mjs'));
    expect(await locateModule(dir, 'escape.mjs')).toEqual({
      problem: { code: 'function.module-path-invalid', message: 'function module escape.mjs leads out of the function directory (a symbolic link)' },
    });
  });

  it('refuses a linked directory that leads out of it', async () => {
    symlinkSync(root.dir, join(dir, 'up'));
    expect(await locateModule(dir, 'up/escape.mjs')).toMatchObject({ problem: { code: 'function.module-path-invalid' } });
  });

  it('reports a missing module, a missing directory and a directory named as a module', async () => {
    mkdirSync(join(dir, 'folder.mjs'));
    expect(await locateModule(dir, 'missing.mjs')).toEqual({ problem: { code: 'function.module-not-found', message: 'function module missing.mjs was not found in the function directory' } });
    expect(await locateModule(join(dir, 'nope'), 'orders.mjs')).toMatchObject({ problem: { code: 'function.module-not-found', message: expect.stringContaining('directory does not exist') } });
    expect(await locateModule(dir, 'folder.mjs')).toMatchObject({ problem: { code: 'function.module-not-found', message: expect.stringContaining('is not a file') } });
  });

  it('gives a changed file a new version', async () => {
    const before = await locateModule(dir, 'orders.mjs');
    writeFileSync(join(dir, 'orders.mjs'), 'export default () => ({ status: 201 });');
    const after = await locateModule(dir, 'orders.mjs');
    expect('file' in after && 'file' in before && after.file.version !== before.file.version).toBe(true);
  });
});
