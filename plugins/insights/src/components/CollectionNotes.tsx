import { Box, Typography } from '@material-ui/core';
import { useTheme } from '@material-ui/core/styles';
import type { ReactNode } from 'react';
import { isSampled, type CollectionSettings, type NumbersView } from '../lib/collection.js';

/** One note above the numbers, in the style of the sample-data banner. */
function Note(props: { title: string; children: ReactNode; tone: 'info' | 'warning' }) {
  const { palette } = useTheme();
  const background = palette[props.tone].main;
  return (
    <Box
      role="note"
      aria-label={props.title}
      mb={2}
      px={2}
      py={1}
      borderRadius={4}
      style={{ backgroundColor: background, color: palette.getContrastText(background) }}
    >
      <Typography variant="body1">
        <strong>{props.title}</strong> {props.children}
      </Typography>
    </Box>
  );
}

/** What sampling and the identity setting do to the numbers below, said before them. */
export function CollectionNotes(props: { settings: CollectionSettings; view: NumbersView }) {
  const { settings, view } = props;
  const rate = settings.sampleRate;
  const factor = Number((1 / rate).toPrecision(3));
  return (
    <>
      {isSampled(settings) && (
        <Note title="Sampled: the numbers are estimates." tone="info">
          Only {Number((rate * 100).toPrecision(3))}% of page sessions are collected
          (backstageInsights.sampleRate: {rate}). Event counts are scaled by 1/{rate} (×{factor})
          and marked ≈. User counts are the people seen in sampled sessions and are not scaled: the
          real number is at least that (≥) and at most {factor} times it, and new and returning
          users are told apart by each person's first sampled visit.
        </Note>
      )}
      {rate === 0 && !settings.sampleRateProblem && (
        <Note title="Nothing is collected." tone="warning">
          backstageInsights.sampleRate is 0: the analytics module sends no events, so the numbers
          below are only what was stored before.
        </Note>
      )}
      {settings.sampleRateProblem && (
        <Note title="Sampling is misconfigured." tone="warning">
          {settings.sampleRateProblem}
        </Note>
      )}
      {view.usersUnavailable && (
        <Note title="People are not counted." tone="info">
          {view.usersUnavailable}
        </Note>
      )}
    </>
  );
}
