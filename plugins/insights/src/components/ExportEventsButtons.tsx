import { useState } from 'react';
import { Box, Button, Typography } from '@material-ui/core';
import { useApi } from '@backstage/core-plugin-api';
import type { InsightsExportFormat } from 'backstage-plugin-insights-wasm-common';
import { insightsApiRef, type InsightsRange } from '../api/InsightsApi.js';
import { saveFile } from '../lib/saveFile.js';

/** Downloads the range's raw events; fetched (not linked) so the token goes along. */
export function ExportEventsButtons(props: { range: InsightsRange }) {
  const { from, to } = props.range;
  const api = useApi(insightsApiRef);
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);

  const download = async (format: InsightsExportFormat) => {
    setBusy(true);
    setProblem(undefined);
    try {
      saveFile(`insights-events-${from}-${to}.${format}`, await api.export({ from, to, format }));
    } catch (error) {
      setProblem(`Export failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box display="flex" alignItems="center" flexWrap="wrap" style={{ gap: 8 }}>
      <Button size="small" variant="outlined" disabled={busy} onClick={() => download('csv')}>
        Export events (CSV)
      </Button>
      <Button size="small" variant="outlined" disabled={busy} onClick={() => download('ndjson')}>
        Export events (NDJSON)
      </Button>
      {problem && (
        <Typography variant="body2" color="error" role="alert">
          {problem}
        </Typography>
      )}
    </Box>
  );
}
