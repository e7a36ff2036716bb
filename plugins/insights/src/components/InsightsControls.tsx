import { Box, TextField } from '@material-ui/core';
import type { InsightsGrouping } from 'backstage-plugin-insights-wasm-common';
import { lastDays, rangeProblem } from '../lib/dateRange.js';

/** The preset ranges in days; `custom` shows From and To fields. */
export const RANGE_PRESETS = { last7: 7, last30: 30, last90: 90 } as const;
export type RangePreset = keyof typeof RANGE_PRESETS | 'custom';

/** What the controls choose. */
export interface InsightsQuery {
  preset: RangePreset;
  from: string;
  to: string;
  grouping: InsightsGrouping;
}

const GROUPINGS: readonly InsightsGrouping[] = ['day', 'week', 'month'];

/**
 * Labels in the text colour: MUI's grey label on Backstage's light page
 * background (#f8f8f8) is below the 4.5:1 contrast axe asks for.
 */
const LABEL_STYLE = { color: 'inherit' };

/** The range and grouping selectors; native selects, so each has a real label. */
export function InsightsControls(props: {
  value: InsightsQuery;
  onChange: (value: InsightsQuery) => void;
}) {
  const { value, onChange } = props;
  const problem = value.preset === 'custom' ? rangeProblem(value) : undefined;

  const choosePreset = (preset: RangePreset) =>
    onChange(
      preset === 'custom'
        ? { ...value, preset }
        : { ...value, preset, ...lastDays(RANGE_PRESETS[preset]) },
    );

  return (
    <Box display="flex" flexWrap="wrap" alignItems="flex-start" style={{ gap: 16 }} mb={2}>
      <TextField
        select
        id="insights-range"
        label="Date range"
        InputLabelProps={{ style: LABEL_STYLE }}
        variant="outlined"
        size="small"
        SelectProps={{ native: true }}
        value={value.preset}
        onChange={e => choosePreset(e.target.value as RangePreset)}
      >
        <option value="last7">Last 7 days</option>
        <option value="last30">Last 30 days</option>
        <option value="last90">Last 90 days</option>
        <option value="custom">Custom range</option>
      </TextField>
      {value.preset === 'custom' && (
        <>
          <TextField
            id="insights-from"
            label="From"
            type="date"
            variant="outlined"
            size="small"
            InputLabelProps={{ shrink: true, style: LABEL_STYLE }}
            value={value.from}
            error={Boolean(problem)}
            onChange={e => onChange({ ...value, from: e.target.value })}
          />
          <TextField
            id="insights-to"
            label="To"
            type="date"
            variant="outlined"
            size="small"
            InputLabelProps={{ shrink: true, style: LABEL_STYLE }}
            value={value.to}
            error={Boolean(problem)}
            helperText={problem}
            onChange={e => onChange({ ...value, to: e.target.value })}
          />
        </>
      )}
      <TextField
        select
        id="insights-grouping"
        label="Group by"
        InputLabelProps={{ style: LABEL_STYLE }}
        variant="outlined"
        size="small"
        SelectProps={{ native: true }}
        value={value.grouping}
        onChange={e => onChange({ ...value, grouping: e.target.value as InsightsGrouping })}
      >
        {GROUPINGS.map(grouping => (
          <option key={grouping} value={grouping}>
            {grouping[0]!.toUpperCase() + grouping.slice(1)}
          </option>
        ))}
      </TextField>
    </Box>
  );
}
