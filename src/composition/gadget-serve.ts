import type { FSWatcher } from 'node:fs';
import { cpSync, existsSync, readdirSync, rmSync, statSync, watch } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import type { LayoutConfigAdmin } from '../application/layout-config-admin.js';
import type { Directory } from '../domain/directory.js';
import { withServedGadgetTab } from '../domain/gadget-serve-layout.js';

/** Where hosted gadget files are served (gadget reference §1.5). */
export const HOSTED_GADGETS_PATH = '/3rdpartygadget/files';

/** The tab `openfinesse gadget serve` puts the folder's gadget specs in, for agents and supervisors. */
export const SERVED_TAB = { id: 'myGadget', label: 'My gadget' } as const;

/** A folder being served: its name under the gadget directory and the layout URLs of its specs. */
export interface ServedFolder {
  name: string;
  /** Where its files are copied to (`<gadget dir>/<name>`). */
  target: string;
  /** `/3rdpartygadget/files/<name>/<spec>.xml` for every `*.xml` at the folder's top level. */
  specUrls: string[];
}

/** Hidden files and folders (`.git`, editor swap files) are neither copied nor watched. */
const isHidden = (relativePath: string): boolean => relativePath.split(/[\\/]/).some((part) => part.startsWith('.'));

const servedPath = (name: string, relativePath: string): string => `${HOSTED_GADGETS_PATH}/${name}/${relativePath.split(sep).join('/')}`;

/** Copies `folder` into `<gadgetDir>/<folder name>` (replacing an earlier copy) and names its gadget specs. */
export function hostGadgetFolder(folder: string, gadgetDir: string): ServedFolder {
  const source = resolve(folder);
  if (!existsSync(source) || !statSync(source).isDirectory()) throw new Error(`${folder} is not a folder`);
  const name = basename(source);
  if (name.startsWith('.') || !/^[\w.-]+$/.test(name)) throw new Error(`the folder name ${name} cannot be part of a gadget URL`);
  const target = join(resolve(gadgetDir), name);
  rmSync(target, { recursive: true, force: true });
  cpSync(source, target, { recursive: true, filter: (path) => !isHidden(relative(source, path)) });
  const specs = readdirSync(source, { withFileTypes: true }).filter((entry) => entry.isFile() && entry.name.endsWith('.xml') && !isHidden(entry.name));
  return { name, target, specUrls: specs.map((entry) => servedPath(name, entry.name)).sort() };
}

/** Puts the folder's specs on the "My gadget" tab of every role in the default layout, as the administrator. */
export async function addServedTab(layouts: LayoutConfigAdmin, directory: Pick<Directory, 'findUser'>, specUrls: readonly string[]): Promise<void> {
  const admin = directory.findUser('admin') ?? directory.findUser('Admin');
  if (!admin) throw new Error('the demo administrator "admin" is missing: gadget serve needs the demo data');
  const layout = await layouts.defaultLayout();
  await layouts.setDefault(admin, withServedGadgetTab(layout, { ...SERVED_TAB, gadgets: specUrls }));
}

/**
 * Watches `folder` (recursively) and, a moment after the last change of a burst, copies each changed file
 * into the served copy again (or removes it there when it is gone) and reports the served paths.
 */
export function watchGadgetFolder(folder: string, served: ServedFolder, onChange: (paths: string[]) => void, debounceMs = 150): () => void {
  const source = resolve(folder);
  const pending = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = (): void => {
    timer = null;
    const changed = [...pending].filter((path) => syncFile(source, served.target, path));
    pending.clear();
    if (changed.length > 0) onChange(changed.map((path) => servedPath(served.name, path)));
  };
  const watcher: FSWatcher = watch(source, { recursive: true }, (_event, filename) => {
    if (!filename || isHidden(filename.toString())) return;
    pending.add(filename.toString());
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, debounceMs);
  });
  return () => {
    if (timer) clearTimeout(timer);
    watcher.close();
  };
}

/** Brings one file of the served copy up to date; false for a folder (its files report themselves). */
function syncFile(source: string, target: string, relativePath: string): boolean {
  const from = join(source, relativePath);
  const to = join(target, relativePath);
  if (!to.startsWith(target + sep)) return false;
  if (!existsSync(from)) {
    rmSync(to, { recursive: true, force: true });
    return true;
  }
  if (statSync(from).isDirectory()) return false;
  cpSync(from, to, { force: true });
  return true;
}
