import { AnyApiFactory } from '@backstage/core-plugin-api';
import { BackstageInsights } from 'backstage-plugin-analytics-module-insights-wasm';

export const apis: AnyApiFactory[] = [BackstageInsights.createDefaultApiFactory()];
