/** The files of a project the loader reads, by path relative to the project root. */
export type ProjectFiles = ReadonlyMap<string, Buffer>;

/** Bounds on what an uploaded artifact may expand to. */
export interface ArtifactLimits {
  readonly maxEntries: number;
  /** All entries together, as declared by the zip and as inflated (definitions.maxProjectBytes). */
  readonly maxBytes: number;
  /** One file the gateway reads (definitions.maxDocumentBytes). */
  readonly maxFileBytes: number;
}

export const MAX_ZIP_ENTRIES = 10_000;
