import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import { mkdirSync, realpathSync } from 'node:fs';
import { lstat, mkdir, open, readdir, realpath, rename, rm, unlink } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { GadgetFileContent, GadgetFileInfo, GadgetFiles } from '../application/ports/gadget-files.js';
import { DomainError } from '../domain/errors.js';

/**
 * The hosted gadget files in a directory of the file system. Every path is resolved with `realpath` and
 * must stay inside the root, so a symbolic link that points out is answered as a file that is not there;
 * writes go through a temporary file renamed into place, and never through a link.
 */
export class GadgetDirectory implements GadgetFiles {
  private readonly root: string;

  /** Creates the directory when it does not exist. */
  constructor(dir: string) {
    mkdirSync(dir, { recursive: true });
    this.root = realpathSync(dir);
  }

  async stat(segments: readonly string[]): Promise<GadgetFileInfo | null> {
    const file = await this.inside(join(this.root, ...segments));
    if (!file) return null;
    const stats = await lstat(file);
    return stats.isFile() ? info(segments, stats) : null;
  }

  async read(segments: readonly string[]): Promise<GadgetFileContent | null> {
    const file = await this.inside(join(this.root, ...segments));
    if (!file) return null;
    const handle = await open(file, 'r');
    try {
      const stats = await handle.stat();
      if (!stats.isFile()) return null;
      return { ...info(segments, stats), data: await handle.readFile() };
    } finally {
      await handle.close();
    }
  }

  async write(segments: readonly string[], data: Buffer): Promise<{ replaced: boolean; before: GadgetFileInfo | null; after: GadgetFileInfo }> {
    const folder = await this.folderFor(segments);
    const target = join(folder, segments.at(-1)!);
    const existing = await lstatOrNull(target);
    if (existing && !existing.isFile()) throw refused(segments, 'names a folder or a link');
    const temporary = join(folder, `.upload-${randomBytes(8).toString('hex')}`);
    try {
      const handle = await open(temporary, 'wx', 0o644);
      try {
        await handle.writeFile(data);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    const after = await lstat(target);
    return { replaced: existing !== null, before: existing && info(segments, existing), after: info(segments, after) };
  }

  async remove(segments: readonly string[]): Promise<GadgetFileInfo | null> {
    const file = await this.inside(join(this.root, ...segments));
    if (!file) return null;
    const stats = await lstat(file);
    if (!stats.isFile()) return null;
    await unlink(file);
    return info(segments, stats);
  }

  async list(): Promise<GadgetFileInfo[]> {
    const files: GadgetFileInfo[] = [];
    const visit = async (dir: string, prefix: string[]): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        if (entry.name.startsWith('.')) continue;
        const path = [...prefix, entry.name];
        if (entry.isDirectory()) await visit(join(dir, entry.name), path);
        else if (entry.isFile()) files.push(info(path, await lstat(join(dir, entry.name))));
      }
    };
    await visit(this.root, []);
    return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /** The real path of `file` when it exists and lies inside the root; null otherwise. */
  private async inside(file: string): Promise<string | null> {
    let real: string;
    try {
      real = await realpath(file);
    } catch {
      return null;
    }
    return real.startsWith(this.root + sep) ? real : null;
  }

  /** The folder of a file to write, created one level at a time: each must be a real folder, never a link. */
  private async folderFor(segments: readonly string[]): Promise<string> {
    let folder = this.root;
    for (const name of segments.slice(0, -1)) {
      folder = join(folder, name);
      // A folder made meanwhile by a concurrent upload (EEXIST) is as good as one made here.
      if ((await lstatOrNull(folder)) === null) await mkdir(folder).catch((error: NodeJS.ErrnoException) => ignoreExisting(error));
      if (!(await lstat(folder)).isDirectory()) throw refused(segments, `"${name}" is not a folder`);
    }
    return folder;
  }
}

function info(segments: readonly string[], stats: Stats): GadgetFileInfo {
  return { path: segments.join('/'), size: stats.size, modified: Math.floor(stats.mtimeMs) };
}

async function lstatOrNull(path: string): Promise<Stats | null> {
  try {
    return await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function ignoreExisting(error: NodeJS.ErrnoException): void {
  if (error.code !== 'EEXIST') throw error;
}

function refused(segments: readonly string[], why: string): DomainError {
  return new DomainError('BadRequest', `Cannot write the gadget file: ${why}`, segments.join('/'));
}
