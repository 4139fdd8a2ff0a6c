/**
 * `gpu-efficiency`: per GPU resource and day, the hours it reported, its cost (hours × the hourly
 * rate of its instance type: that day's billed rate from cost_daily — EC2 `BoxUsage:`/`SpotUsage:`,
 * SageMaker `Host:` usage types, cost ÷ hours — else the price book's on-demand rate, else NULL and
 * `unpriced`), average and peak utilization and idle cost = cost × (1 − average utilization). Flags
 * non-production work on instance types of `costly_rate` $/h or more, and batch-priority work in the
 * UTC peak hours `[peak_start, peak_end)`. Costs are hours × a rate, rounded to 6 decimals.
 */
export const gpuEfficiencyQuery = {
  description: 'GPU cost, utilization and idle cost per resource and day, with waste flags.',
  params: {
    from: { kind: 'date' },
    to: { kind: 'date' },
    price_date: { kind: 'string', default: '' },
    costly_rate: { kind: 'integer', min: 0, max: 1_000_000, default: 10 },
    peak_start: { kind: 'integer', min: 0, max: 24, default: 9 },
    peak_end: { kind: 'integer', min: 0, max: 24, default: 18 },
  },
  sql: `WITH
hours AS (
  SELECT
    CAST(dt AS DATE) AS usage_date, resource_id, source,
    arbitrary(instance_type) AS instance_type,
    arbitrary(team) AS team, arbitrary(environment) AS environment, arbitrary(priority) AS priority,
    COUNT(*) AS hours,
    AVG(gpu_util_avg) AS gpu_util_avg,
    MAX(gpu_util_max) AS gpu_util_max,
    count_if(hour(hour) >= {{peak_start}} AND hour(hour) < {{peak_end}}) AS peak_hours
  FROM gpu_hourly
  WHERE dt BETWEEN {{from}} AND {{to}}
  GROUP BY CAST(dt AS DATE), resource_id, source
),
billed_rates AS (
  SELECT CAST(dt AS DATE) AS usage_date,
    split_part(usage_type, ':', 2) AS instance_type,
    CAST(SUM(unblended_cost) AS DOUBLE) / CAST(SUM(usage_quantity) AS DOUBLE) AS rate
  FROM cost_daily
  WHERE dt BETWEEN {{from}} AND {{to}} AND granularity = 'DAILY'
    AND (usage_type LIKE '%BoxUsage:%' OR usage_type LIKE '%SpotUsage:%' OR usage_type LIKE '%Host:%')
    AND usage_unit = 'Hrs' AND usage_quantity > 0
  GROUP BY CAST(dt AS DATE), split_part(usage_type, ':', 2)
),
book_rates AS (
  SELECT h.usage_date, h.instance_type, CAST(p.price AS DOUBLE) AS rate,
    ROW_NUMBER() OVER (PARTITION BY h.usage_date, h.instance_type ORDER BY p.effective_date DESC) AS rn
  FROM (SELECT DISTINCT usage_date, instance_type FROM hours) AS h
  JOIN prices AS p
    ON p.item = h.instance_type AND p.item_kind = 'instance' AND p.charge = 'instance_hour'
    AND p.effective_date <= COALESCE(try_cast({{price_date}} AS DATE), h.usage_date)
  WHERE p.dt <= greatest({{to}}, {{price_date}})
),
rated AS (
  SELECT h.*,
    COALESCE(b.rate, r.rate) AS rate,
    CASE WHEN b.rate IS NOT NULL THEN 'bill' WHEN r.rate IS NOT NULL THEN 'price_book' END AS rate_source
  FROM hours AS h
  LEFT JOIN billed_rates AS b ON b.usage_date = h.usage_date AND b.instance_type = h.instance_type
  LEFT JOIN book_rates AS r ON r.usage_date = h.usage_date AND r.instance_type = h.instance_type AND r.rn = 1
)
SELECT
  usage_date, resource_id, instance_type, team, environment, priority,
  CAST(ROUND(hours * rate, 6) AS DECIMAL(24,6)) AS cost,
  ROUND(gpu_util_avg, 2) AS gpu_util_avg,
  ROUND(gpu_util_max, 2) AS gpu_util_max,
  CAST(ROUND(hours * rate * (1 - LEAST(GREATEST(gpu_util_avg, 0), 100) / 100), 6) AS DECIMAL(24,6)) AS idle_cost,
  hours,
  source,
  rate_source,
  rate IS NULL AS unpriced,
  rate IS NOT NULL AND rate >= {{costly_rate}}
    AND lower(environment) NOT IN ('prod', 'production') AS non_production_costly,
  lower(priority) = 'batch' AND peak_hours > 0 AS batch_in_peak_hours
FROM rated
ORDER BY usage_date, resource_id`,
} as const;
