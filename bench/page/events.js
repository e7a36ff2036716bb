// Realistic Backstage analytics events, generated deterministically from a
// seed: what the core app and the catalog / TechDocs / search / scaffolder
// plugins emit (`navigate` with pathname + search + hash, `click` with the
// link target in `attributes.to`, `search` with the typed term and the
// result count as `value`), with the personal data real users put in them.
import { rng, luhnNumber } from '/bench/lib/strings.mjs';

export const SIGNED_IN = 'user:default/jane.doe';

const COMPONENTS = ['api-gateway', 'payments-service', 'checkout-web', 'user-profile-api', 'search-indexer', 'backstage', 'auth-proxy', 'inventory', 'ledger-v2', 'notifications'];
const USERS = ['jane.doe', 'john.smith', 'a.kowalski', 'li.wei', 'maria.garcia', 'guest'];
const GROUPS = ['team-payments', 'platform', 'sre', 'frontend-guild'];
const DOC_PAGES = ['getting-started', 'runbooks/on-call', 'architecture/overview', 'api/reference', 'faq'];
const TEMPLATES = ['react-ssr-template', 'springboot-grpc', 'docs-template'];
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

const CONTEXTS = [
  { routeRef: 'catalog:entity', pluginId: 'catalog', extension: 'CatalogEntityPage' },
  { routeRef: 'catalog:index', pluginId: 'catalog', extension: 'CatalogIndexPage' },
  { routeRef: 'techdocs:reader-page', pluginId: 'techdocs', extension: 'TechDocsReaderPage' },
  { routeRef: 'search:root', pluginId: 'search', extension: 'SearchPage' },
  { routeRef: 'scaffolder:root', pluginId: 'scaffolder', extension: 'ScaffolderPage' },
  { routeRef: 'unknown', pluginId: 'root', extension: 'App' },
];

export function makeGenerator(seed) {
  const r = rng(seed);
  const pick = list => list[Math.floor(r() * list.length)];
  const token = n => {
    let s = '';
    for (let i = 0; i < n; i++) s += ALNUM[Math.floor(r() * ALNUM.length)];
    return s;
  };
  const email = () => `${pick(USERS)}@example.com`;
  const ctx = () => ({ ...pick(CONTEXTS) });

  function navigateSubject() {
    const c = pick(COMPONENTS);
    switch (Math.floor(r() * 10)) {
      case 0: return `/catalog/default/component/${c}?filters%5Bkind%5D=component&q=${pick(USERS)}%40example.com#section`;
      case 1: return `/catalog/default/user/${pick(USERS)}`;
      case 2: return `/catalog/default/component/${c}`;
      case 3: return `/docs/default/component/${c}/${pick(DOC_PAGES)}#${pick(['install', 'usage', 'troubleshooting'])}`;
      case 4: return `/catalog?filters%5Bkind%5D=component&filters%5Buser%5D=owned&filters%5Bowners%5D=user%3Adefault%2F${pick(USERS)}`;
      case 5: return `/search?query=${encodeURIComponent(pick(['deploy ' + c, email(), 'oncall runbook', 'ghp_' + token(36)]))}&types%5B0%5D=software-catalog`;
      case 6: return `/catalog/default/group/${pick(GROUPS)}?tab=members`;
      case 7: return `/create/templates/default/${pick(TEMPLATES)}`;
      case 8: return `/catalog/default/component/${c}/ci-cd?tab=ci-cd&token=glpat-${token(20)}`;
      default: return pick(['/', '/catalog', '/api-docs', '/settings', '/docs', '/create']);
    }
  }

  function navigate() {
    return { action: 'navigate', subject: navigateSubject(), attributes: {}, context: ctx() };
  }

  function click() {
    const c = pick(COMPONENTS);
    switch (Math.floor(r() * 6)) {
      case 0: return { action: 'click', subject: `View ${c} in TechDocs`, attributes: { to: `/docs/default/component/${c}/${pick(DOC_PAGES)}?utm_source=catalog#install` }, context: ctx() };
      case 1: return { action: 'click', subject: 'Owned by jane.doe', attributes: { to: `/catalog/default/user/jane.doe?tab=ownership` }, context: ctx() };
      case 2: return { action: 'click', subject: 'Open in GitHub', attributes: { to: `https://github.com/acme/${c}/pulls?q=is%3Aopen+author%3A${pick(USERS)}` }, context: ctx() };
      case 3: return { action: 'click', subject: 'Copy entity ref', attributes: { to: `/catalog/default/component/${c}`, entityRef: `component:default/${c}` }, context: ctx() };
      case 4: return { action: 'click', subject: `Contact ${email()}`, attributes: { to: `mailto:${email()}` }, context: ctx() };
      default: return { action: 'click', subject: 'Go to API', attributes: { to: `/api-docs?filters%5Bkind%5D=api&q=${c}` }, context: ctx() };
    }
  }

  function search() {
    const term = (() => {
      switch (Math.floor(r() * 7)) {
        case 0: return email();
        case 1: return `token ghp_${token(36)} not working`;
        case 2: return `refund card ${luhnNumber(r, 16).replace(/(\d{4})(?=\d)/g, '$1 ')}`;
        case 3: return `Authorization: Bearer ${token(40)}`;
        case 4: return `who owns ${pick(COMPONENTS)}`;
        case 5: return 'jane.doe on-call schedule';
        default: return `${pick(COMPONENTS)} runbook`;
      }
    })();
    const attributes = { filter: pick(['kind:component', 'kind:api', 'type:techdocs']), query: term };
    if (r() < 0.3) attributes.owner = `user:default/${pick(USERS)}`;
    return { action: 'search', subject: term, value: Math.floor(r() * 40), attributes, context: { ...CONTEXTS[3] } };
  }

  return {
    /** The next event of the mix: about half navigate, a third click, a sixth search. */
    next() {
      const x = r();
      return x < 0.5 ? navigate() : x < 0.83 ? click() : search();
    },
    navigate,
  };
}

/** `n` events of the mix. */
export function mixedEvents(seed, n) {
  const g = makeGenerator(seed);
  return Array.from({ length: n }, () => g.next());
}

/** `n` navigate events. */
export function navigateEvents(seed, n) {
  const g = makeGenerator(seed);
  return Array.from({ length: n }, () => g.navigate());
}
