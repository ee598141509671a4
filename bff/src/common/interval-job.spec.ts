import { IntervalJob, IntervalJobProvider } from './interval-job';

class CountingJob extends IntervalJobProvider {
  runs = 0;
  release: (() => void) | null = null;
  protected readonly job = new IntervalJob('counting', () => this.work());

  constructor(private readonly interval: number) {
    super();
  }

  protected intervalMs(): number {
    return this.interval;
  }

  private work(): Promise<number> {
    this.runs += 1;
    return new Promise((done) => {
      this.release = () => done(this.runs);
    });
  }
}

describe('IntervalJobProvider', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('should run on its interval once the app is up, and not before', async () => {
    const sut = new CountingJob(1_000);
    jest.advanceTimersByTime(5_000);
    expect(sut.runs).toBe(0);

    sut.onApplicationBootstrap();
    jest.advanceTimersByTime(1_000);
    expect(sut.runs).toBe(1);
    sut.release?.();
    await sut.beforeApplicationShutdown();
  });

  it('should never start at an interval of 0, yet run on demand', async () => {
    const sut = new CountingJob(0);
    sut.onApplicationBootstrap();
    jest.advanceTimersByTime(60_000);
    expect(sut.runs).toBe(0);

    const run = sut.runOnce();
    sut.release?.();
    expect(await run).toBe(1);
  });

  it('should stop ticking on shutdown only after the run in progress has finished', async () => {
    const sut = new CountingJob(1_000);
    sut.onApplicationBootstrap();
    jest.advanceTimersByTime(1_000);
    let stopped = false;
    const stopping = sut.beforeApplicationShutdown().then(() => (stopped = true));
    await Promise.resolve();
    expect(stopped).toBe(false);

    sut.release?.();
    await stopping;
    jest.advanceTimersByTime(10_000);
    expect(sut.runs).toBe(1);
  });
});
