import { readdir, readFile } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';

/**
 * Zips a project folder in memory, as `apictl` does (entries under the folder's own name), so the
 * admin API gets the whole project (api.yaml, Endpoints/, certificates), not only its definition.
 * A writer of our own because the zip library of the tests (yazl) is not a runtime dependency;
 * deflate and CRC-32 come from node:zlib.
 */
export async function zipFolder(dir: string): Promise<Buffer> {
  const files = await filesUnder(dir);
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const name = Buffer.from(`${basename(dir)}/${relative(dir, file).split(sep).join('/')}`, 'utf8');
    const data = await readFile(file);
    const packed = deflateRawSync(data);
    const head = entryHead(name, data, packed.length);
    locals.push(head.local, name, packed);
    centrals.push(head.central, name);
    head.central.writeUInt32LE(offset, 42);
    offset += head.local.length + name.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** The local header and the central directory record of one deflated entry (UTF-8 name, no dates). */
function entryHead(name: Buffer, data: Buffer, packedSize: number): { local: Buffer; central: Buffer } {
  const checksum = crc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4); // version needed: deflate
  local.writeUInt16LE(0x0800, 6); // names are UTF-8
  local.writeUInt16LE(8, 8); // deflate
  local.writeUInt16LE(0x21, 12); // 1980-01-01: the date is of no use to the gateway
  local.writeUInt32LE(checksum, 14);
  local.writeUInt32LE(packedSize, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(0x0800, 8);
  central.writeUInt16LE(8, 10);
  central.writeUInt16LE(0x21, 14);
  central.writeUInt32LE(checksum, 16);
  central.writeUInt32LE(packedSize, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(name.length, 28);
  return { local, central };
}

/** Regular files under dir, sorted, so the same folder gives the same zip. */
async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}
