import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { RELATION_MEMBER_OF, parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';

const TTL_MS = 10 * 60_000;
const MAX_ENTRIES = 50_000;

/**
 * The team stored with a user's events: the first (by name) group the
 * catalog lists the user as a member of, cached for ten minutes. `null`
 * when the user has none or the catalog cannot say; ingest never waits on a
 * failed catalog for long, and never fails because of it.
 */
export class TeamResolver {
  private readonly cache = new Map<string, { team: string | null; until: number }>();
  private warned = false;

  constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
    private readonly logger: LoggerService,
    private readonly now: () => number = Date.now,
  ) {}

  async teamOf(userEntityRef: string): Promise<string | null> {
    const hit = this.cache.get(userEntityRef);
    if (hit && hit.until > this.now()) return hit.team;
    const team = await this.lookUp(userEntityRef);
    if (this.cache.size >= MAX_ENTRIES) this.cache.clear();
    this.cache.set(userEntityRef, { team, until: this.now() + TTL_MS });
    return team;
  }

  private async lookUp(userEntityRef: string): Promise<string | null> {
    try {
      const credentials = await this.auth.getOwnServiceCredentials();
      const user = await this.catalog.getEntityByRef(userEntityRef, { credentials });
      const groups = (user?.relations ?? [])
        .filter(r => r.type === RELATION_MEMBER_OF)
        .map(r => r.targetRef)
        .sort();
      if (groups.length) return groups[0];
      const memberOf = (user?.spec?.memberOf as string[] | undefined) ?? [];
      const namespace = user?.metadata.namespace ?? 'default';
      const refs = memberOf
        .map(g => stringifyEntityRef(parseEntityRef(g, { defaultKind: 'group', defaultNamespace: namespace })))
        .sort();
      return refs[0] ?? null;
    } catch (e) {
      if (!this.warned) {
        this.warned = true;
        this.logger.warn(`Insights: the catalog did not answer for a user's team; events are stored without one: ${e}`);
      }
      return null;
    }
  }
}
