import type { LoadBalancerAlgorithm, LoadBalancerConfig, RoutingPolicyKind } from '#core';
import { writtenValue } from '../json/json-value.js';
import type { ProblemCollector } from '../problems/problem-collector.js';

export const LOAD_BALANCER_EXTENSION = 'x-portico-load-balancer';
export const WEIGHTS_EXTENSION = 'x-portico-weights';

const ALGORITHMS: readonly LoadBalancerAlgorithm[] = ['round-robin', 'weighted-round-robin', 'least-request'];
const MAX_WEIGHT = 1000;

/** Where the two extensions of one endpoint object sit, and what else of the object they depend on. */
export interface LoadBalancerInput {
  readonly algorithm: unknown;
  readonly weights: unknown;
  readonly policy: RoutingPolicyKind;
  /** Undefined when the URLs could not be read (their problems are reported already). */
  readonly urlCount: number | undefined;
  /** Location of a key of the endpoint object, or of an element below it. */
  readonly at: (...segments: (string | number)[]) => string;
}

/**
 * Reads `x-portico-load-balancer` and `x-portico-weights`. Anything Portico could not honour as
 * written is an error rather than a quiet fallback to round robin: an author who asks for weights
 * wants them.
 */
export function readLoadBalancer(input: LoadBalancerInput, problems: ProblemCollector): LoadBalancerConfig | undefined {
  const { algorithm, weights, at } = input;
  if (algorithm === undefined) {
    if (weights !== undefined) invalid(problems, `${WEIGHTS_EXTENSION} is read only with ${LOAD_BALANCER_EXTENSION}: weighted-round-robin`, at(WEIGHTS_EXTENSION));
    return undefined;
  }
  if (!isAlgorithm(algorithm)) {
    invalid(problems, `${LOAD_BALANCER_EXTENSION} must be one of ${ALGORITHMS.join(', ')}; got ${writtenValue(algorithm)}`, at(LOAD_BALANCER_EXTENSION));
    return undefined;
  }
  if (input.policy === 'FAILOVER') {
    invalid(
      problems,
      `${LOAD_BALANCER_EXTENSION} applies only to load-balanced sets; this set is failover (type: failover), which sends every request to its first available endpoint in URL order`,
      at(LOAD_BALANCER_EXTENSION),
    );
    return undefined;
  }
  if (algorithm !== 'weighted-round-robin') {
    if (weights !== undefined) invalid(problems, `${WEIGHTS_EXTENSION} is read only with ${LOAD_BALANCER_EXTENSION}: weighted-round-robin, not ${algorithm}`, at(WEIGHTS_EXTENSION));
    return { algorithm };
  }
  const read = readWeights(weights, input.urlCount, at, problems);
  return read && { algorithm, weights: read };
}

function readWeights(value: unknown, urlCount: number | undefined, at: LoadBalancerInput['at'], problems: ProblemCollector): number[] | undefined {
  const oneWeightPerUrl = `one whole number from 1 to ${MAX_WEIGHT} per URL, in URL order`;
  if (value === undefined) {
    invalid(problems, `${LOAD_BALANCER_EXTENSION}: weighted-round-robin needs ${WEIGHTS_EXTENSION}, ${oneWeightPerUrl}`, at(LOAD_BALANCER_EXTENSION));
    return undefined;
  }
  if (!Array.isArray(value)) {
    invalid(problems, `${WEIGHTS_EXTENSION} must be a list, ${oneWeightPerUrl}; got ${writtenValue(value)}`, at(WEIGHTS_EXTENSION));
    return undefined;
  }
  let valid = true;
  value.forEach((weight: unknown, i) => {
    if (isWeight(weight)) return;
    valid = false;
    invalid(problems, `${WEIGHTS_EXTENSION}[${i}] must be a whole number from 1 to ${MAX_WEIGHT}; got ${writtenValue(weight)}`, at(WEIGHTS_EXTENSION, i));
  });
  if (urlCount !== undefined && value.length !== urlCount) {
    valid = false;
    invalid(problems, `${WEIGHTS_EXTENSION} lists ${value.length} ${value.length === 1 ? 'weight' : 'weights'} for ${urlCount} ${urlCount === 1 ? 'URL' : 'URLs'}; give ${oneWeightPerUrl}`, at(WEIGHTS_EXTENSION));
  }
  return valid ? (value as number[]) : undefined;
}

function isAlgorithm(value: unknown): value is LoadBalancerAlgorithm {
  return typeof value === 'string' && (ALGORITHMS as readonly string[]).includes(value);
}

function isWeight(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_WEIGHT;
}

function invalid(problems: ProblemCollector, message: string, location: string): void {
  problems.error('endpoint.load-balancer-invalid', message, location);
}
