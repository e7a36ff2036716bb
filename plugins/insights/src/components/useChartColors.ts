import { useTheme } from '@material-ui/core/styles';

/** Chart colours from the MUI theme, so charts follow light and dark themes. */
export function useChartColors() {
  const { palette } = useTheme();
  return {
    first: palette.primary.main,
    second: palette.secondary.main,
    fresh: palette.success.main,
    repeat: palette.info.main,
    axis: palette.text.secondary,
    grid: palette.divider,
    tooltip: {
      backgroundColor: palette.background.paper,
      borderColor: palette.divider,
      color: palette.text.primary,
    },
  };
}
