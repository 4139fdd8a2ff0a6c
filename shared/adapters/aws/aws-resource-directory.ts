import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  ListTagsCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { emptyCatalog, type ResourceCatalog, type ResourceDirectory } from '../../ports';

/** Instance ids per DescribeInstances filter (the filter takes at most 200 values). */
const IDS_PER_CALL = 200;

const tagsOf = (tags: { Key?: string; Value?: string }[] | undefined): Record<string, string> =>
  Object.fromEntries((tags ?? []).filter((t) => t.Key).map((t) => [t.Key as string, t.Value ?? '']));

/** A resource that no longer exists (a terminated instance, a deleted endpoint) is left unknown, not an error. */
const isNotFound = (error: unknown): boolean => {
  const e = error as { name?: string; message?: string };
  return e?.name === 'ValidationException' && /could not find/i.test(e.message ?? '');
};

/**
 * Instance types and tags from EC2 DescribeInstances (filtered by id, so terminated instances are
 * just absent) and SageMaker DescribeEndpoint → DescribeEndpointConfig → ListTags, counted.
 */
export class AwsResourceDirectory implements ResourceDirectory {
  requests = 0;

  constructor(
    private readonly ec2: EC2Client,
    private readonly sagemaker: SageMakerClient,
  ) {}

  /** A directory with the default credential chain and Region. */
  static create(): AwsResourceDirectory {
    return new AwsResourceDirectory(new EC2Client({}), new SageMakerClient({}));
  }

  async describe(ids: {
    instanceIds: readonly string[];
    endpointNames: readonly string[];
  }): Promise<ResourceCatalog> {
    const catalog = emptyCatalog();
    for (let i = 0; i < ids.instanceIds.length; i += IDS_PER_CALL) {
      const values = ids.instanceIds.slice(i, i + IDS_PER_CALL);
      let token: string | undefined;
      do {
        this.requests++;
        const page = await this.ec2.send(
          new DescribeInstancesCommand({
            Filters: [{ Name: 'instance-id', Values: values }],
            NextToken: token,
          }),
        );
        for (const r of page.Reservations ?? [])
          for (const x of r.Instances ?? [])
            if (x.InstanceId)
              catalog.instances.set(x.InstanceId, {
                ...(x.InstanceType ? { instanceType: x.InstanceType } : {}),
                tags: tagsOf(x.Tags),
              });
        token = page.NextToken;
      } while (token);
    }
    for (const name of ids.endpointNames) {
      try {
        this.requests++;
        const endpoint = await this.sagemaker.send(new DescribeEndpointCommand({ EndpointName: name }));
        if (endpoint.EndpointConfigName) {
          this.requests++;
          const config = await this.sagemaker.send(
            new DescribeEndpointConfigCommand({ EndpointConfigName: endpoint.EndpointConfigName }),
          );
          for (const v of config.ProductionVariants ?? [])
            if (v.VariantName && v.InstanceType)
              catalog.variants.set(`${name.toLowerCase()}/${v.VariantName}`, {
                instanceType: v.InstanceType,
                tags: {},
              });
        }
        const tags: Record<string, string> = {};
        let token: string | undefined;
        do {
          this.requests++;
          const page = await this.sagemaker.send(
            new ListTagsCommand({ ResourceArn: endpoint.EndpointArn, NextToken: token }),
          );
          Object.assign(tags, tagsOf(page.Tags));
          token = page.NextToken;
        } while (token);
        catalog.endpoints.set(name.toLowerCase(), { tags });
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    }
    return catalog;
  }
}
