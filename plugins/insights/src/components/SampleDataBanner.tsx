import { Box, Typography } from '@material-ui/core';
import { useTheme } from '@material-ui/core/styles';

/** Says that the numbers include the demo seed's made-up events. */
export function SampleDataBanner() {
  const { palette } = useTheme();
  return (
    <Box
      role="note"
      mb={2}
      px={2}
      py={1}
      borderRadius={4}
      style={{
        backgroundColor: palette.info.main,
        color: palette.getContrastText(palette.info.main),
      }}
    >
      <Typography variant="body1">
        <strong>Includes sample data from the demo seed.</strong> Seeded events are mixed with
        real ones in this range.
      </Typography>
    </Box>
  );
}
