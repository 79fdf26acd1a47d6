/** The files of a project the loader reads, by path relative to the project root. */
export type ProjectFiles = ReadonlyMap<string, Buffer>;

/** Bounds on what an uploaded artifact may expand to. */
export interface ArtifactLimits {
  readonly maxEntries: number;
  readonly maxBytes: number;
}

export const MAX_ZIP_ENTRIES = 10_000;
/** An upload may inflate to this many times the largest accepted upload. */
export const EXPANSION_FACTOR = 8;
