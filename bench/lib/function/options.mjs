// Command-line options of the function scenario (bench/function.mjs), checked up front.
import { parseRoundOptions, roundOptionsUsage } from '../round-options.mjs';

/** direct: the backend's GET /items; both Portico targets are served by one function gateway process. */
export const FUNCTION_TARGETS = ['direct', 'portico-rest', 'portico-function'];

export const USAGE = `usage: npm run bench -- --scenario function [options]   (or: node bench/function.mjs [options] after npm run build)
${roundOptionsUsage(`  --only LIST       targets among direct,portico-rest,portico-function (default all): the same 1024-byte
                    GET /items from the backend, through Portico's REST proxy, from a function handler`)}`;

export const parseFunctionOptions = (argv) => parseRoundOptions(argv, { targets: FUNCTION_TARGETS, usage: USAGE });

/** Whether any measured target needs the function gateway. */
export const needsGateway = (options) => options.only.some((t) => t !== 'direct');
