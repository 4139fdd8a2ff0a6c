/** A CloudWatch metric: namespace, name and its dimensions (name → value). */
export interface MetricIdentity {
  namespace: string;
  metricName: string;
  dimensions: Readonly<Record<string, string>>;
}

/** One GetMetricData `MetricStat` query the core asks for: `id` matches `^[a-z][a-zA-Z0-9_]*$`. */
export interface MetricQuery {
  id: string;
  metric: MetricIdentity;
  stat: string;
}

/** The data points of one query, oldest first, pages joined. */
export interface MetricQueryResult {
  id: string;
  timestamps: number[];
  values: number[];
  /** `Complete`, or `PartialData` when CloudWatch still had data it did not return. */
  statusCode: string;
}

/** What a metric source has done so far: what CloudWatch bills (`metricsRequested` per 1,000). */
export interface MetricSourceStats {
  listMetricsRequests: number;
  getMetricDataRequests: number;
  /** Metrics requested over all GetMetricData calls (each query counts once per call, pages included). */
  metricsRequested: number;
  /** Throttled calls that were retried. */
  throttled: number;
}

/**
 * Metric source port: CloudWatch in AWS. Implementations batch queries (at most 500 per call),
 * follow `NextToken`, retry throttling, and throw `MetricAccessError`-like errors on `Forbidden`.
 */
export interface MetricSource {
  readonly stats: MetricSourceStats;
  /** Metrics of `namespace`/`metricName` having every dimension name in `dimensionNames` (ListMetrics, paged). */
  listMetrics(
    namespace: string,
    metricName: string,
    dimensionNames: readonly string[],
  ): Promise<MetricIdentity[]>;
  /** Fetches the queries over [start, end) at `periodSeconds`. */
  getMetricData(
    queries: readonly MetricQuery[],
    window: { start: Date; end: Date },
    periodSeconds: number,
  ): Promise<MetricQueryResult[]>;
}

/** What is known of a resource from describe calls or tags. */
export interface ResourceFacts {
  instanceType?: string;
  tags: Readonly<Record<string, string>>;
}

/** Instance types and tags of the resources that reported GPU metrics. */
export interface ResourceCatalog {
  /** EC2 instances by instance id. */
  instances: Map<string, ResourceFacts>;
  /** SageMaker endpoint variants by `<EndpointName>/<VariantName>` (endpoint name lower-cased). */
  variants: Map<string, ResourceFacts>;
  /** SageMaker endpoint tags by lower-cased endpoint name (ARNs spell it in lower case). */
  endpoints: Map<string, ResourceFacts>;
}

/** Resource directory port: EC2/SageMaker describe calls in AWS, saved describe outputs locally. */
export interface ResourceDirectory {
  /** Calls made so far. */
  readonly requests: number;
  describe(ids: {
    instanceIds: readonly string[];
    endpointNames: readonly string[];
  }): Promise<ResourceCatalog>;
}

/** An empty catalog. */
export function emptyCatalog(): ResourceCatalog {
  return { instances: new Map(), variants: new Map(), endpoints: new Map() };
}
