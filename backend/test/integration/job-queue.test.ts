import { DataStore } from '../../src/repositories/data-store';
import { createTestContext, type TestContext } from '../support/test-app';

const QUEUE = 'test-post-commit';

describe('post-commit work enqueued in the transaction', () => {
  let ctx: TestContext;
  let store: DataStore;

  beforeAll(async () => {
    ctx = await createTestContext({ jobs: true });
    store = new DataStore(ctx.db.dataSource, ctx.jobQueue);
    await ctx.jobQueue.createQueue(QUEUE);
  });
  afterAll(async () => ctx.close());

  it('when the transaction rolls back, then no job exists; when it commits, then a worker can take it', async () => {
    await expect(
      store.transaction(async (tx) => {
        await tx.jobs.enqueue(QUEUE, { paymentId: 'rolled-back' });
        throw new Error('the change failed after enqueueing');
      }),
    ).rejects.toThrow('the change failed');
    expect(await ctx.jobQueue.fetch(QUEUE)).toEqual([]);

    await store.transaction(async (tx) => {
      await tx.audit.append({ actor: 'test', action: 'test.enqueue', entityType: 'test', entityId: 'committed' });
      await tx.jobs.enqueue(QUEUE, { paymentId: 'committed' }, { singletonKey: 'committed' });
    });
    const jobs = await ctx.jobQueue.fetch<{ paymentId: string }>(QUEUE, { batchSize: 10 });
    expect(jobs.map((job) => job.data)).toEqual([{ paymentId: 'committed' }]);
  });

  it('when no job queue is configured, then enqueueing fails loudly instead of dropping the work', async () => {
    const withoutQueue = new DataStore(ctx.db.dataSource);
    await expect(withoutQueue.transaction((tx) => tx.jobs.enqueue(QUEUE, {}))).rejects.toThrow(/No job queue/);
  });
});
