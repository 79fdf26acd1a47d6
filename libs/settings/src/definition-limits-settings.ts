import { IsInt, Max, Min } from 'class-validator';

/**
 * What one deployed definition may be. Parsing YAML costs far more memory than the text it
 * reads (a 45 MB definition took the gateway's heap past 4 GB), so every document is measured
 * before anything large is built from it, and refused with a 422 naming the limit it passed.
 * The defaults take every real OpenAPI document of one service with a wide margin; raise them
 * for exceptional ones (whole-platform descriptions), together with parseThreadHeapMb.
 */
export class DefinitionLimitsSettings {
  /**
   * Largest document (a single upload, or one file of a project) in bytes, and the most text its
   * YAML aliases may repeat. Published OpenAPI documents of one service are tens to hundreds of
   * KB; the largest whole-platform ones (Stripe, Kubernetes) are 4–7 MB.
   */
  @IsInt() @Min(1024) maxDocumentBytes = 5 * 1024 * 1024;
  /**
   * Most nodes (mappings, sequences and scalars, keys included, with what aliases repeat) in one
   * document. YAML definitions take 10–17 bytes a node and minified JSON ones about 6, so a 5 MB
   * definition has 300 thousand to 900 thousand; a document made of tiny nodes (`[1,1,1,…]`, 2
   * bytes a node, each costing about a KB of memory while it is parsed) reaches this first.
   */
  @IsInt() @Min(100) maxNodes = 1_000_000;
  /**
   * Deepest nesting of mappings and sequences. The sample and test definitions nest at most 11
   * levels; the loader's walks recurse once per level, so the upper bound keeps them far from the
   * stack's limit.
   */
  @IsInt() @Min(8) @Max(1000) maxDepth = 64;
  /**
   * What all entries of a project zip may expand to together, as declared by the zip and as
   * counted while the gateway inflates the files it reads (bytes).
   */
  @IsInt() @Min(1024) maxProjectBytes = 128 * 1024 * 1024;
  /**
   * Heap of the thread that parses definitions (MB). A document that needs more is refused
   * (`document.too-large`) and the thread is replaced; the gateway itself is not affected. The
   * costliest documents within the default limits need about 1 GB while they are parsed.
   */
  @IsInt() @Min(64) @Max(65_536) parseThreadHeapMb = 1536;
}
