import { Box, Typography } from '@material-ui/core';
import GetAppImport from '@material-ui/icons/GetApp';
import { Table, type TableColumn } from '@backstage/core-components';
import { NOT_AVAILABLE } from '../lib/collection.js';
import { toCsv, type CsvCell } from '../lib/csv.js';
import { saveFile } from '../lib/saveFile.js';
import { commonJsDefault } from '../lib/commonJsDefault.js';

const GetAppIcon = commonJsDefault(GetAppImport);

/** One column: its header and how to read its cell from a row. */
export interface DownloadableColumn<T> {
  title: string;
  /** The cell; `null` is a number the page cannot give: "not available", an empty CSV cell. */
  value: (row: T) => string | number | null;
  numeric?: boolean;
}

/** A titled table with a "Download CSV" action writing exactly its rows. */
export function DownloadableTable<T extends object>(props: {
  title: string;
  columns: readonly DownloadableColumn<T>[];
  rows: readonly T[];
  /** The CSV's file name, without `.csv`. */
  fileName: string;
  /** A note under the table, such as how small teams are merged. */
  footnote?: string;
}) {
  const { title, columns, rows, fileName, footnote } = props;

  const download = () => {
    const csv = toCsv(
      columns.map(c => c.title),
      rows.map(row => columns.map((c): CsvCell => c.value(row))),
    );
    // The byte-order mark makes spreadsheet apps read the file as UTF-8.
    saveFile(`${fileName}.csv`, new Blob(['\uFEFF', csv], { type: 'text/csv;charset=utf-8' }));
  };

  // Material-table writes bookkeeping into the objects it gets: hand it copies.
  const data = rows.map(row => ({ row }));
  const tableColumns: TableColumn<{ row: T }>[] = columns.map(column => ({
    title: column.title,
    type: column.numeric ? 'numeric' : 'string',
    render: ({ row }) => column.value(row) ?? NOT_AVAILABLE,
    customSort: (a, b) => compare(column.value(a.row), column.value(b.row)),
  }));

  return (
    <Box component="section" aria-label={title}>
      <Table<{ row: T }>
        title={title}
        columns={tableColumns}
        data={data}
        options={{
          paging: rows.length > 10,
          pageSize: 10,
          pageSizeOptions: [10, 25, 50],
          search: false,
          // Rows come ranked; material-table's sort labels nest a button in a
          // focusable header, which axe reports as a serious violation.
          sorting: false,
          padding: 'dense',
        }}
        actions={[
          {
            icon: () => <GetAppIcon titleAccess="Download CSV" />,
            tooltip: 'Download CSV',
            isFreeAction: true,
            onClick: download,
          },
        ]}
        emptyContent={
          <Box p={2}>
            <Typography variant="body2">Nothing in this range.</Typography>
          </Box>
        }
      />
      {footnote && (
        <Typography variant="caption" color="textSecondary" component="p">
          {footnote}
        </Typography>
      )}
    </Box>
  );
}

function compare(a: string | number | null, b: string | number | null): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a ?? '').localeCompare(String(b ?? ''));
}
