/** A hosted gadget file as the directory has it. */
export interface GadgetFileInfo {
  /** Relative to the gadget directory, `/`-separated (`folder/x.xml`). */
  path: string;
  size: number;
  /** Epoch milliseconds of the last change. */
  modified: number;
}

/** A file opened for serving: its facts and its bytes. */
export interface GadgetFileContent extends GadgetFileInfo {
  data: Buffer;
}

/**
 * The folder of hosted third-party gadgets (gadget reference §1.5). Paths arrive as checked segments
 * (src/domain/gadget-files.ts); the implementation still refuses anything that resolves outside its
 * root (a symbolic link pointing out), answering it as absent.
 */
export interface GadgetFiles {
  /** The file's facts, or null when there is no such regular file inside the root. */
  stat(segments: readonly string[]): Promise<GadgetFileInfo | null>;
  read(segments: readonly string[]): Promise<GadgetFileContent | null>;
  /** Writes the whole file atomically (temporary file + rename), creating folders; whether it existed before. */
  write(segments: readonly string[], data: Buffer): Promise<{ replaced: boolean; before: GadgetFileInfo | null; after: GadgetFileInfo }>;
  /** Deletes the file; its facts before, or null when there was none. */
  remove(segments: readonly string[]): Promise<GadgetFileInfo | null>;
  /** Every regular file under the root, dot-files and symbolic links excluded, sorted by path. */
  list(): Promise<GadgetFileInfo[]>;
}
