import { emptyCatalog, type ResourceCatalog, type ResourceDirectory } from '../ports';
import { GpuInputError } from './errors';
import { isObject, parseSavedJson } from './saved-json';

type Tags = Record<string, string>;

function tagsOf(raw: unknown, file: string, field: string): Tags {
  if (raw === undefined || raw === null) return {};
  if (!Array.isArray(raw)) throw new GpuInputError(file, field, 'is not a list of {Key, Value}');
  const tags: Tags = {};
  raw.forEach((t, i) => {
    if (!isObject(t) || typeof t.Key !== 'string')
      throw new GpuInputError(file, `${field}[${i}]`, 'is not {Key, Value}');
    tags[t.Key] = typeof t.Value === 'string' ? t.Value : '';
  });
  return tags;
}

interface Pending {
  catalog: ResourceCatalog;
  /** Endpoint (lower case) → its endpoint configuration name, from describe-endpoint. */
  configOf: Map<string, string>;
  /** Endpoint configuration name → variant → instance type, from describe-endpoint-config. */
  configs: Map<string, Map<string, string>>;
}

function readOne(doc: Record<string, unknown>, file: string, field: string, p: Pending): void {
  const f = (name: string) => (field ? `${field}.${name}` : name);
  if (Array.isArray(doc.Reservations)) {
    doc.Reservations.forEach((r, i) => {
      const instances = isObject(r) ? r.Instances : undefined;
      if (!Array.isArray(instances))
        throw new GpuInputError(file, f(`Reservations[${i}].Instances`), 'is not a list');
      instances.forEach((x, j) => {
        const at = f(`Reservations[${i}].Instances[${j}]`);
        if (!isObject(x) || typeof x.InstanceId !== 'string')
          throw new GpuInputError(file, `${at}.InstanceId`, 'is missing');
        p.catalog.instances.set(x.InstanceId, {
          ...(typeof x.InstanceType === 'string' ? { instanceType: x.InstanceType } : {}),
          tags: tagsOf(x.Tags, file, `${at}.Tags`),
        });
      });
    });
  } else if (Array.isArray(doc.ResourceTagMappingList)) {
    doc.ResourceTagMappingList.forEach((m, i) => {
      const at = f(`ResourceTagMappingList[${i}]`);
      if (!isObject(m) || typeof m.ResourceARN !== 'string')
        throw new GpuInputError(file, `${at}.ResourceARN`, 'is missing');
      const tags = tagsOf(m.Tags, file, `${at}.Tags`);
      const ec2 = /^arn:[^:]+:ec2:[^:]*:\d*:instance\/(i-[0-9a-f]+)$/.exec(m.ResourceARN);
      const sm = /^arn:[^:]+:sagemaker:[^:]*:\d*:endpoint\/([^/]+)$/.exec(m.ResourceARN);
      if (ec2?.[1]) {
        const known = p.catalog.instances.get(ec2[1]);
        p.catalog.instances.set(ec2[1], { ...known, tags: { ...known?.tags, ...tags } });
      } else if (sm?.[1]) p.catalog.endpoints.set(sm[1].toLowerCase(), { tags });
    });
  } else if (typeof doc.EndpointName === 'string' && typeof doc.EndpointConfigName === 'string') {
    p.configOf.set(doc.EndpointName.toLowerCase(), doc.EndpointConfigName);
  } else if (typeof doc.EndpointConfigName === 'string' && Array.isArray(doc.ProductionVariants)) {
    const variants = new Map<string, string>();
    doc.ProductionVariants.forEach((v, i) => {
      if (isObject(v) && typeof v.VariantName === 'string' && typeof v.InstanceType === 'string')
        variants.set(v.VariantName, v.InstanceType);
      else if (!isObject(v) || typeof v.VariantName !== 'string')
        throw new GpuInputError(file, f(`ProductionVariants[${i}].VariantName`), 'is missing');
      // A serverless variant has no instance type: it has no GPU either.
    });
    p.configs.set(doc.EndpointConfigName, variants);
  } else {
    throw new GpuInputError(
      file,
      field,
      'is not `aws ec2 describe-instances`, `aws sagemaker describe-endpoint` / `describe-endpoint-config` or `aws resourcegroupstaggingapi get-resources` output',
    );
  }
}

/**
 * Reads saved describe outputs (`--resources FILE…`) into instance types and tags: EC2 instances
 * from describe-instances, SageMaker variants' instance types from describe-endpoint (which
 * configuration an endpoint runs) and describe-endpoint-config, tags from get-resources. An
 * endpoint without a describe-endpoint file is looked up in the configuration of the same name.
 */
export function readSavedResources(files: readonly { file: string; text: string }[]): ResourceCatalog {
  const p: Pending = { catalog: emptyCatalog(), configOf: new Map(), configs: new Map() };
  for (const { file, text } of files) {
    const raw = parseSavedJson(text, file);
    const docs = Array.isArray(raw) ? raw : [raw];
    docs.forEach((doc, i) => {
      const field = Array.isArray(raw) ? `[${i}]` : '';
      if (!isObject(doc)) throw new GpuInputError(file, field, 'is not a JSON object');
      readOne(doc, file, field, p);
    });
  }
  const endpoints = new Set([...p.configOf.keys(), ...[...p.configs.keys()].map((c) => c.toLowerCase())]);
  for (const endpoint of endpoints) {
    const configName =
      p.configOf.get(endpoint) ?? [...p.configs.keys()].find((c) => c.toLowerCase() === endpoint);
    for (const [variant, instanceType] of p.configs.get(configName ?? '') ?? [])
      p.catalog.variants.set(`${endpoint}/${variant}`, { instanceType, tags: {} });
  }
  return p.catalog;
}

/** A directory answering from a catalog read beforehand (saved describe outputs). */
export function staticDirectory(catalog: ResourceCatalog): ResourceDirectory {
  return { requests: 0, describe: async () => catalog };
}
