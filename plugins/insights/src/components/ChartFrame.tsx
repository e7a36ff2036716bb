import type { ReactNode } from 'react';
import { Typography } from '@material-ui/core';

/**
 * A chart in a fixed-height box (ResponsiveContainer needs a sized parent),
 * labelled for assistive technology, with its main numbers said in words.
 */
export function ChartFrame(props: {
  label: string;
  summary: string;
  height: number;
  children: ReactNode;
}) {
  return (
    <figure style={{ margin: 0 }}>
      <div role="img" aria-label={props.label} style={{ height: props.height, width: '100%' }}>
        {props.children}
      </div>
      <Typography component="figcaption" variant="body2" color="textSecondary">
        {props.summary}
      </Typography>
    </figure>
  );
}
