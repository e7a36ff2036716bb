/**
 * Shared by the Backstage Insights module, backend and dashboard: the read
 * permission, the read API's types and the wire contract.
 *
 * @packageDocumentation
 */
export * from './identity';
export * from './permissions';
export * from './summary';
export * from './wire';
