import type { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import type { InsightsStore } from '../database/InsightsStore';
import { dayOf } from '../database/days';

/** Task ids, for `scheduler.triggerTask` in tests and for operators. */
export const ROLLUP_TASK_ID = 'backstage-insights-rollup';
export const RETENTION_TASK_ID = 'backstage-insights-retention';

/**
 * Both tasks are `global`: with several replicas on one database, one runs
 * each at a time. The rollup is idempotent per day, so a run cut short is
 * redone by the next.
 */
export async function scheduleTasks(options: {
  scheduler: SchedulerService;
  store: InsightsStore;
  logger: LoggerService;
  retentionDays: number;
}) {
  const { scheduler, store, logger, retentionDays } = options;
  await scheduler.scheduleTask({
    id: ROLLUP_TASK_ID,
    scope: 'global',
    frequency: { seconds: 10 },
    timeout: { minutes: 10 },
    fn: async signal => {
      await store.rollUp(signal);
    },
  });
  await scheduler.scheduleTask({
    id: RETENTION_TASK_ID,
    scope: 'global',
    frequency: { hours: 6 },
    timeout: { hours: 1 },
    initialDelay: { minutes: 1 },
    fn: async () => {
      const cutoff = dayOf(Date.now() - retentionDays * 86_400_000);
      const deleted = await store.deleteBefore(cutoff);
      if (deleted) logger.info(`Insights: deleted ${deleted} events from before ${cutoff} (retentionDays ${retentionDays})`);
    },
  });
}
