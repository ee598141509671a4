import { createClient, createCluster } from 'redis';

/**
 * Deletes the keys matching `pattern` on the run's Redis (REDIS_URL), on one server or on every master of a
 * Redis Cluster (SCAN walks one node only). Without REDIS_URL there is nothing shared to clear.
 */
export async function deleteRedisKeys(pattern: string): Promise<void> {
  const url = process.env.REDIS_URL;
  if (!url) return;
  if (!url.startsWith('redis+cluster://')) {
    const client = createClient({ url });
    await client.connect();
    try {
      for await (const keys of client.scanIterator({ MATCH: pattern, COUNT: 500 })) if (keys.length) await client.del(keys);
    } finally {
      await client.close();
    }
    return;
  }
  const rootNodes = url.replace('redis+cluster://', '').split(',').map((node) => ({ url: `redis://${node}` }));
  const cluster = createCluster({ rootNodes });
  await cluster.connect();
  try {
    for (const master of cluster.masters) {
      const node = await cluster.nodeClient(master);
      // one key per DEL: keys of one node may still sit in different slots
      for await (const keys of node.scanIterator({ MATCH: pattern, COUNT: 500 })) for (const key of keys) await node.del(key);
    }
  } finally {
    await cluster.close();
  }
}
