import { lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { progress } from './cli-progress.js';
import { connectionOptions } from './control-cli.js';

interface Connection {
  server: string;
  user: string;
  password: string;
}

/** Every regular file under `dir` (dot-files and symbolic links left out: the server refuses them), relative, sorted. */
function filesUnder(dir: string, prefix: string[] = []): string[][] {
  const found: string[][] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.')) continue;
    const path = join(dir, name);
    const stats = lstatSync(path);
    if (stats.isDirectory()) found.push(...filesUnder(path, [...prefix, name]));
    else if (stats.isFile()) found.push([...prefix, name]);
  }
  return found;
}

async function upload(connection: Connection, segments: string[], data: Buffer): Promise<number> {
  const path = segments.map(encodeURIComponent).join('/');
  const response = await fetch(`${connection.server.replace(/\/$/, '')}/openfinesse/api/gadgets/files/${path}`, {
    method: 'PUT',
    headers: {
      authorization: `Basic ${Buffer.from(`${connection.user}:${connection.password}`).toString('base64')}`,
      'content-type': 'application/octet-stream',
    },
    body: new Uint8Array(data),
  });
  if (response.status === 201 || response.status === 204) return response.status;
  const text = await response.text();
  let reason = text;
  try {
    const error = (JSON.parse(text) as { error?: { type?: string; message?: string } }).error;
    if (error) reason = `${error.type ?? ''}: ${error.message ?? ''}`;
  } catch {
    // not JSON: the text as it came
  }
  throw new Error(`${segments.join('/')}: ${response.status} ${reason}`.trim());
}

/**
 * `openfinesse gadget upload FOLDER`: every file of the folder through the admin file API of a running
 * server, kept under the folder's name (`Sample/Sample.xml` → `/3rdpartygadget/files/Sample/Sample.xml`).
 */
export function registerGadgetCommands(program: Command): Command {
  const gadget = program.command('gadget').description('third-party gadgets: upload to a running server, serve a folder for development');
  connectionOptions(gadget.command('upload').argument('<folder>', 'the gadget folder (its name becomes the folder on the server)'))
    .description('upload every file of a folder to /3rdpartygadget/files/<folder name>/')
    .action(async (folder: string, connection: Connection) => {
      const root = resolve(folder);
      if (!statSync(root, { throwIfNoEntry: false })?.isDirectory()) return fail(`${folder} is not a folder`);
      const name = basename(root);
      const files = filesUnder(root);
      if (files.length === 0) return fail(`${folder} holds no files`);
      const line = progress();
      let bytes = 0;
      try {
        for (const [index, relative] of files.entries()) {
          const data = readFileSync(join(root, ...relative));
          line.show(`uploading ${index + 1}/${files.length} ${[name, ...relative].join('/')}`);
          await upload(connection, [name, ...relative], data);
          bytes += data.length;
        }
      } catch (error) {
        line.done('upload stopped');
        return fail((error as Error).message);
      }
      const base = connection.server.replace(/\/$/, '');
      line.done(
        `uploaded ${files.length} file${files.length === 1 ? '' : 's'} (${Math.ceil(bytes / 1024)} KiB) to ${base}/3rdpartygadget/files/${encodeURIComponent(name)}/`,
      );
    });
  return gadget;
}

function fail(message: string): undefined {
  process.stderr.write(`openfinesse: ${message}\n`);
  process.exitCode = 1;
  return undefined;
}
